"""Administration through the real Application: upload → preview → publish, /cabut, refusals."""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot import texts
from bot.admin import upload_fields
from bot.corpus.ingest import IngestRequest, prepare_ingest
from bot.corpus.knowledge_files import kind_of
from bot.render_text import ingest_preview
from bot.services import build_services
from bot.store.repo import Store
from bot.tg.app import build_application
from tests.conftest import ROOT, make_config
from tests.support.fake_bot_api import FakeBotAPI
from tests.support.scans import scanned_pdf
from tests.support.updates import make_callback, make_command, make_document, make_message
from tests.tg.conftest import ADMIN, USER, assert_no_apology, feed, sent_texts, tg_env

# A made-up regulation for the test: its wording exists nowhere else in the corpus.
NEW_REGULATION = """---
id: lainnya-99-2024
title: Peraturan Uji Nomor 99 Tahun 2024 tentang Netralitas Pegawai Balai Uji
short: Peraturan Uji 99/2024
type: lainnya
number: "99"
year: 2024
status: berlaku
replaced_by: null
amended_by: []
source_url: https://example.org/peraturan-uji-99-2024.pdf
verification: verbatim
verified_against: "berkas uji"
---

## Pasal 1
Pegawai Balai Uji dilarang memasang spanduk zebrakorn di pagar kantor kelurahan selama masa kampanye.

## Pasal 2
Pegawai Balai Uji yang melanggar ketentuan Pasal 1 dijatuhi teguran tertulis oleh kepala balai.
"""


@pytest.fixture
async def admin_app(
    fake_api: FakeBotAPI, data_dir_copy: Path, tmp_path: Path
) -> AsyncIterator[Any]:
    """An Application over a private copy of the corpus and the index, so it can change them."""
    regulations, knowledge = tmp_path / "regulations", tmp_path / "knowledge"
    shutil.copytree(ROOT / "regulations", regulations)
    shutil.copytree(ROOT / "knowledge", knowledge)
    config = make_config(
        data_dir_copy,
        **tg_env(fake_api),
        NETRAL_CORPUS__REGULATIONS_DIR=str(regulations),
        NETRAL_CORPUS__KNOWLEDGE_DIR=str(knowledge),
    )
    services = build_services(config, build_missing_index=False)
    store = Store.from_config(config)
    application = build_application(config, services, store)
    async with application:
        yield application
    application.bot_data.asker.shutdown()
    store.close()


def _upload(api: FakeBotAPI, user_id: int, caption: str | None = None) -> dict[str, Any]:
    data = NEW_REGULATION.encode()
    api.add_file("doc-1", data, "documents/lainnya-99-2024.md")
    return make_document("doc-1", "lainnya-99-2024.md", len(data), user_id=user_id, caption=caption)


async def test_admin_upload_preview_confirm_then_the_regulation_answers(
    admin_app: Any, fake_api: FakeBotAPI
) -> None:
    await feed(admin_app, _upload(fake_api, ADMIN))
    assert fake_api.calls_to("getFile")
    preview = fake_api.calls_to("sendMessage")[-1]
    assert "lainnya-99-2024" in preview.params["text"]
    assert "2 bagian" in preview.params["text"]
    buttons = [b for row in preview.params["reply_markup"]["inline_keyboard"] for b in row]
    publish = next(b["callback_data"] for b in buttons if ":pub:" in b["callback_data"])

    await feed(admin_app, make_callback(publish, user_id=ADMIN))
    done = sent_texts(fake_api)[-1]
    assert "diterbitkan" in done
    regulations = admin_app.bot_data.config.regulations_dir
    assert (regulations / "lainnya-99-2024.md").read_text() == NEW_REGULATION
    assert "lainnya-99-2024" in admin_app.bot_data.services.corpus.regulations

    await feed(admin_app, make_message("Apa bunyi Pasal 1 Peraturan Uji Nomor 99 Tahun 2024?"))
    answer = sent_texts(fake_api)[-1]
    assert "zebrakorn" in answer
    assert "Peraturan Uji 99/2024 Pasal 1" in answer
    actions = [(e.action, e.ok) for e in admin_app.bot_data.store.audit_log()]
    assert ("upload", True) in actions
    assert ("publish", True) in actions
    assert_no_apology(fake_api)


async def test_non_admin_upload_is_refused_and_audited(app: Any, fake_api: FakeBotAPI) -> None:
    await feed(app, _upload(fake_api, USER))
    assert "hanya administrator" in sent_texts(fake_api)[-1]
    assert not fake_api.calls_to("getFile")
    entry = app.bot_data.store.audit_log()[0]
    assert (entry.user_id, entry.action, entry.ok) == (USER, "upload", False)


async def test_non_admin_commands_are_refused(app: Any, fake_api: FakeBotAPI) -> None:
    for command in ("status", "reindex", "cabut"):
        await feed(app, make_command(command, "pp-53-2010 pp-94-2021"))
        assert "hanya untuk administrator" in sent_texts(fake_api)[-1]
    assert [e.ok for e in app.bot_data.store.audit_log()] == [False, False, False]
    # A forged publish button from a non-admin does nothing either.
    await feed(app, make_callback("adm:v1:pub:deadbeef"))
    assert fake_api.calls_to("answerCallbackQuery")[-1].params["show_alert"] is True


async def test_status_for_the_admin(app: Any, fake_api: FakeBotAPI) -> None:
    await feed(
        app, make_message("Bolehkah PNS ikut kampanye?"), make_command("status", user_id=ADMIN)
    )
    text = sent_texts(fake_api, ADMIN)[-1]
    assert "Indeks" in text
    assert "Pertanyaan dijawab: 1" in text
    assert texts.STATUS_LLM_NONE in text  # LLM state in words (no LLM configured)


async def test_upload_without_source_url_asks_for_it(app: Any, fake_api: FakeBotAPI) -> None:
    data = NEW_REGULATION.replace(
        "source_url: https://example.org/peraturan-uji-99-2024.pdf", "source_url: null"
    )
    fake_api.add_file("doc-2", data.encode(), "documents/x.md")
    await feed(app, make_document("doc-2", "lainnya-99-2024.md", len(data), user_id=ADMIN))
    assert "source_url" in sent_texts(fake_api)[-1]


async def test_cabut_marks_revoked_with_replacement_and_reindexes(
    admin_app: Any, fake_api: FakeBotAPI
) -> None:
    await feed(admin_app, make_command("cabut", "pp-42-2004", user_id=ADMIN))
    assert "ID_PENGGANTI" in sent_texts(fake_api)[-1]
    await feed(admin_app, make_command("cabut", "pp-42-2004 pp-94-2021", user_id=ADMIN))
    assert "dicabut" in sent_texts(fake_api)[-1]
    path = admin_app.bot_data.config.regulations_dir / "pp-42-2004.md"
    head = path.read_text().split("---")[1]
    assert "status: dicabut" in head
    assert "replaced_by: pp-94-2021" in head
    reg = admin_app.bot_data.services.corpus.regulations["pp-42-2004"]
    assert (reg.status, reg.replaced_by) == ("dicabut", "pp-94-2021")
    assert admin_app.bot_data.store.audit_log()[0].action == "revoke"
    assert_no_apology(fake_api)


SALINAN_TXT = """PERATURAN UJI
NOMOR 98 TAHUN 2024
TENTANG
NETRALITAS PEGAWAI BALAI UJI

Pasal 1
Pegawai Balai Uji dilarang memasang spanduk zebrakorn di pagar kantor.

Pasal 2
(1) Pegawai yang melanggar dijatuhi teguran tertulis.
(2) Teguran diberikan oleh kepala balai.
"""


async def test_admin_txt_salinan_goes_through_ingest_with_caption_metadata(
    admin_app: Any, fake_api: FakeBotAPI
) -> None:
    data = SALINAN_TXT.encode()
    fake_api.add_file("doc-3", data, "documents/salinan.txt")
    caption = (
        "id: lainnya-98-2024\ntitle: Peraturan Uji Nomor 98 Tahun 2024\n"
        "source_url: https://example.org/uji-98.pdf"
    )
    upload = make_document(
        "doc-3", "salinan.txt", len(data), user_id=ADMIN, caption=caption, mime_type="text/plain"
    )
    await feed(admin_app, upload)
    preview = fake_api.calls_to("sendMessage")[-1]
    assert "2 Pasal" in preview.params["text"]
    # The same Indonesian preview as `netral corpus ingest` prints.
    request = IngestRequest(path=Path("salinan.txt"), **upload_fields("salinan.txt", caption, data))
    again = prepare_ingest(request, data, None)  # the same file through the console's path
    expected = ingest_preview(again.report, again.problems)
    assert html.unescape(preview.params["text"]).count(expected) == 1
    buttons = [b for row in preview.params["reply_markup"]["inline_keyboard"] for b in row]
    cancel = next(b["callback_data"] for b in buttons if ":cancel:" in b["callback_data"])
    await feed(admin_app, make_callback(cancel, user_id=ADMIN))
    assert "Dibatalkan" in sent_texts(fake_api)[-1]
    assert not (admin_app.bot_data.config.regulations_dir / "lainnya-98-2024.md").exists()


async def test_admin_scanned_pdf_upload_reports_ocr_progress_then_the_preview(
    admin_app: Any, fake_api: FakeBotAPI
) -> None:
    pages = [
        SALINAN_TXT.split("\n\n")[0].splitlines(),
        SALINAN_TXT.split("\n\n", 1)[1].splitlines(),
    ]
    data = scanned_pdf(pages)
    fake_api.add_file("doc-4", data, "documents/scan.pdf")
    caption = (
        "id: lainnya-98-2024\ntitle: Peraturan Uji Nomor 98 Tahun 2024\n"
        "source_url: https://example.org/uji-98.pdf"
    )
    upload = make_document(
        "doc-4", "scan.pdf", len(data), user_id=ADMIN, caption=caption, mime_type="application/pdf"
    )
    await feed(admin_app, upload)
    progress = [t for t in sent_texts(fake_api) if t.startswith("🔎")]
    assert progress == ["🔎 PDF hasil pindaian: membaca teks (OCR) halaman 1 dari 2…"]
    edits = [c.params["text"] for c in fake_api.calls_to("editMessageText")]
    assert edits == ["🔎 PDF hasil pindaian: membaca teks (OCR) halaman 2 dari 2…"]
    preview = fake_api.calls_to("sendMessage")[-1].params["text"]
    assert "lainnya-98-2024: 2 Pasal (1-2)" in preview
    assert "OCR: 2 dari 2 halaman dibaca dari gambar pindaian" in preview
    assert "zebrakorn" in preview
    buttons = [
        b
        for row in fake_api.calls_to("sendMessage")[-1].params["reply_markup"]["inline_keyboard"]
        for b in row
    ]
    assert any(":pub:" in b["callback_data"] for b in buttons)
    assert_no_apology(fake_api)


# --- curated knowledge uploads ----------------------------------------------------------------


def _ruling_file(directory: Path) -> Path:
    """The knowledge file holding rulings (found by content, not by a hard-coded name)."""
    for path in sorted(directory.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if kind_of(path.name, data) == "rulings" and isinstance(data, dict) and data.get("rulings"):
            return path
    raise AssertionError("no ruling file in the knowledge directory")


NEW_QUESTION = "Bolehkah pegawai balai uji memasang spanduk zebrakorn di pagar kantor?"


def _edited_rulings(path: Path, citations_key: str = "citations") -> tuple[bytes, int]:
    """The ruling file plus one new ruling; the line number where it starts."""
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n"
    first = yaml.safe_load(text)["rulings"][0]
    entry = (
        "- id: uji-spanduk-zebrakorn\n"
        "  title: Spanduk zebrakorn di pagar kantor\n"
        "  applies:\n"
        "    actors: [pns_like]\n"
        "  questions:\n"
        f"  - {NEW_QUESTION}\n"
        "  - pegawai balai uji pasang spanduk zebrakorn boleh?\n"
        "  - spanduk zebrakorn di pagar kantor balai uji\n"
        "  verdict: dilarang\n"
        "  answer: Pegawai balai uji dilarang memasang spanduk zebrakorn di pagar kantor.\n"
        f"  {citations_key}:\n"
        f"  - {first['citations'][0]}\n"
    )
    return (text + entry).encode("utf-8"), len(text.splitlines()) + 1


async def test_knowledge_upload_with_a_bad_key_gets_file_line_errors_and_changes_nothing(
    admin_app: Any, fake_api: FakeBotAPI
) -> None:
    knowledge_dir = admin_app.bot_data.config.knowledge_dir
    path = _ruling_file(knowledge_dir)
    before = path.read_bytes()
    rulings_before = [r.id for r in admin_app.bot_data.services.knowledge.rulings]
    data, start = _edited_rulings(path, citations_key="citation")  # the bad key
    fake_api.add_file("doc-5", data, f"documents/{path.name}")
    await feed(
        admin_app,
        make_document("doc-5", path.name, len(data), user_id=ADMIN, mime_type="application/yaml"),
    )
    reply = fake_api.calls_to("sendMessage")[-1]
    text = html.unescape(reply.params["text"])
    assert "tidak valid; tidak ada yang diubah" in text
    found = re.search(rf"{re.escape(path.relative_to(knowledge_dir).as_posix())}:(\d+): ", text)
    assert found, text
    assert start <= int(found.group(1)) <= len(data.decode().splitlines())
    assert "reply_markup" not in reply.params  # nothing to publish
    assert path.read_bytes() == before
    assert [r.id for r in admin_app.bot_data.services.knowledge.rulings] == rulings_before
    assert not fake_api.calls_to("editMessageReplyMarkup")
    assert_no_apology(fake_api)


async def test_knowledge_upload_is_previewed_published_and_visible_in_faq(
    admin_app: Any, fake_api: FakeBotAPI
) -> None:
    knowledge_dir = admin_app.bot_data.config.knowledge_dir
    path = _ruling_file(knowledge_dir)
    data, _ = _edited_rulings(path)
    fake_api.add_file("doc-6", data, f"documents/{path.name}")
    await feed(
        admin_app,
        make_document("doc-6", path.name, len(data), user_id=ADMIN, mime_type="application/yaml"),
    )
    preview = fake_api.calls_to("sendMessage")[-1]
    assert "aturan: 1 baru, 0 berubah, 0 dihapus" in preview.params["text"]
    assert "+ uji-spanduk-zebrakorn" in preview.params["text"]
    assert path.read_bytes() != data  # nothing written before the confirmation
    buttons = [b for row in preview.params["reply_markup"]["inline_keyboard"] for b in row]
    publish = next(b["callback_data"] for b in buttons if ":pub:" in b["callback_data"])

    await feed(admin_app, make_callback(publish, user_id=ADMIN))
    assert "diterbitkan" in sent_texts(fake_api)[-1]
    assert path.read_bytes() == data
    services = admin_app.bot_data.services
    assert "uji-spanduk-zebrakorn" in services.rulings

    topic = services.rulings["uji-spanduk-zebrakorn"].topic
    await feed(admin_app, make_command("faq", user_id=USER))
    topics = fake_api.calls_to("sendMessage")[-1].params["reply_markup"]["inline_keyboard"]
    topic_button = next(
        b for row in topics for b in row if b["callback_data"].endswith(f":t:{topic}")
    )
    await feed(admin_app, make_callback(topic_button["callback_data"], user_id=USER))
    entries = fake_api.calls_to("editMessageText")[-1].params["reply_markup"]["inline_keyboard"]
    entry = next(
        b for row in entries for b in row if b["callback_data"].endswith(":e:uji-spanduk-zebrakorn")
    )
    assert entry["text"] == "Spanduk zebrakorn di pagar kantor"  # the ruling's short title
    await feed(admin_app, make_callback(entry["callback_data"], user_id=USER))
    assert "dilarang memasang spanduk zebrakorn" in sent_texts(fake_api)[-1]
    actions = [(e.action, e.ok) for e in admin_app.bot_data.store.audit_log()]
    assert ("publish", True) in actions
    assert_no_apology(fake_api)


# A made-up regulation whose article is the best evidence for a question a ruling also answers.
RELATED_REGULATION = """---
id: lainnya-97-2024
title: Peraturan Uji Nomor 97 Tahun 2024 tentang Spanduk di Rumah Dinas
short: Peraturan Uji 97/2024
type: lainnya
number: "97"
year: 2024
status: berlaku
replaced_by: null
amended_by: []
source_url: https://example.org/peraturan-uji-97-2024.pdf
verification: verbatim
verified_against: "berkas uji"
---

## Pasal 1
Pegawai Negeri Sipil dilarang memasang spanduk atau baliho calon pada pagar rumah dinas.
"""
RELATED_QUESTION = "Bolehkah PNS memasang spanduk atau baliho calon pada pagar rumah dinas?"


async def test_a_published_regulation_shows_in_answers_beside_the_ruling_until_revoked(
    admin_app: Any, fake_api: FakeBotAPI
) -> None:
    services = admin_app.bot_data.services
    before = services.answer(RELATED_QUESTION)
    assert before.ruling_id == "pasang-baliho"
    assert all(c.regulation != "lainnya-97-2024" for c in before.citations)

    data = RELATED_REGULATION.encode()
    fake_api.add_file("doc-9", data, "documents/lainnya-97-2024.md")
    await feed(admin_app, make_document("doc-9", "lainnya-97-2024.md", len(data), user_id=ADMIN))
    buttons = [
        b
        for row in fake_api.calls_to("sendMessage")[-1].params["reply_markup"]["inline_keyboard"]
        for b in row
    ]
    publish = next(b["callback_data"] for b in buttons if ":pub:" in b["callback_data"])
    await feed(admin_app, make_callback(publish, user_id=ADMIN))
    assert "diterbitkan" in sent_texts(fake_api)[-1]

    await feed(admin_app, make_message(RELATED_QUESTION))
    answer = fake_api.calls_to("sendMessage")[-1]
    full = next(
        b["callback_data"]
        for row in answer.params["reply_markup"]["inline_keyboard"]
        for b in row
        if b["callback_data"].startswith("ans:v1:full:")
    )
    await feed(admin_app, make_callback(full))  # pressed by the asker, in the asker's chat
    shown = html.unescape(sent_texts(fake_api)[-1])  # the "📖 Dasar hukum" message
    assert "Peraturan Uji 97/2024 Pasal 1" in shown  # the admin's new article takes part
    assert "Ketentuan lain yang relevan" in shown
    after = services.answer(RELATED_QUESTION)
    assert after.ruling_id == "pasang-baliho"  # the ruling still answers
    assert "lainnya-97-2024/pasal-1" in {c.unit_id for c in after.citations}

    # Revoked (by a replacement, as /cabut requires): it no longer takes part as current law.
    await feed(admin_app, make_command("cabut", "lainnya-97-2024 pp-94-2021", user_id=ADMIN))
    assert services.corpus.regulations["lainnya-97-2024"].status == "dicabut"
    revoked = services.answer(RELATED_QUESTION)
    assert revoked.ruling_id == "pasang-baliho"
    assert "lainnya-97-2024/pasal-1" not in {c.unit_id for c in revoked.citations}


async def test_a_stale_publish_press_says_expired_without_publishing_first(
    admin_app: Any, fake_api: FakeBotAPI
) -> None:
    await feed(admin_app, _upload(fake_api, ADMIN))
    preview = fake_api.calls_to("sendMessage")[-1]
    buttons = [b for row in preview.params["reply_markup"]["inline_keyboard"] for b in row]
    publish = next(b["callback_data"] for b in buttons if ":pub:" in b["callback_data"])
    await feed(admin_app, make_callback(publish, user_id=ADMIN))  # published: the preview is used
    before = len(sent_texts(fake_api))
    await feed(admin_app, make_callback(publish, user_id=ADMIN))  # the same button again
    after = sent_texts(fake_api)[before:]
    assert after == [texts.PUBLISH_EXPIRED]
    assert not any("Menerbitkan" in text for text in after)
