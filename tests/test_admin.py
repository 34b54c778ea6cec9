"""bot/admin.py without Telegram: metadata of uploads, front-matter edits, atomic publish."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from bot.admin import Admin, AdminError, set_revoked, upload_fields
from bot.store.repo import Store
from tests.conftest import ROOT
from tests.tg.test_admin import NEW_REGULATION


def test_upload_fields_from_front_matter_caption_and_name() -> None:
    fields = upload_fields("lainnya-99-2024.md", None, NEW_REGULATION.encode())
    assert (fields["id"], fields["type"], fields["number"], fields["year"]) == (
        "lainnya-99-2024",
        "lainnya",
        "99",
        2024,
    )
    fields = upload_fields(
        "pp-5-2020.pdf", "source_url: https://x.test/a.pdf\nreplace: true", b"%PDF"
    )
    assert (fields["type"], fields["number"], fields["year"]) == ("pp", "5", 2020)
    assert fields["replace"] is True
    assert fields["source_url"] == "https://x.test/a.pdf"
    with pytest.raises(AdminError):
        upload_fields("salinan.pdf", None, b"%PDF")
    with pytest.raises(AdminError):
        upload_fields("pp-5-2020.docx", None, b"x")


def test_set_revoked_edits_only_the_front_matter() -> None:
    text = set_revoked(NEW_REGULATION, "pp-94-2021")
    head, body = text.split("\n---\n", 1)
    assert "status: dicabut" in head
    assert "replaced_by: pp-94-2021" in head
    assert "status: berlaku" not in head
    assert body == NEW_REGULATION.split("\n---\n", 1)[1]


def _admin(tmp_path: Path, reindex: Any) -> Admin:
    config = SimpleNamespace(regulations_dir=tmp_path / "regs", data_dir=tmp_path / "data")
    services = SimpleNamespace(config=config, reindex=reindex)
    asker = SimpleNamespace(invalidate=lambda: None)
    return Admin(services, Store(tmp_path / "s.sqlite3"), asker)  # type: ignore[arg-type]


def test_publish_removes_the_file_when_the_reindex_fails(tmp_path: Path) -> None:
    def broken() -> None:
        raise RuntimeError("index build failed")

    admin = _admin(tmp_path, broken)
    pending = admin.prepare(1, "lainnya-99-2024.md", None, NEW_REGULATION.encode())
    with pytest.raises(RuntimeError):
        admin.publish(pending.token)
    assert not (tmp_path / "regs" / "lainnya-99-2024.md").exists()


def test_publish_restores_a_replaced_file_when_the_reindex_fails(tmp_path: Path) -> None:
    def broken() -> None:
        raise RuntimeError("index build failed")

    admin = _admin(tmp_path, broken)
    target = tmp_path / "regs" / "lainnya-99-2024.md"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    with pytest.raises(AdminError):
        admin.prepare(1, "lainnya-99-2024.md", None, NEW_REGULATION.encode())
    pending = admin.prepare(1, "lainnya-99-2024.md", "replace: true", NEW_REGULATION.encode())
    with pytest.raises(RuntimeError):
        admin.publish(pending.token)
    assert target.read_text(encoding="utf-8") == "old"


def _knowledge_admin(tmp_path: Path, reindex: Any) -> tuple[Admin, Path]:
    from bot.corpus.loader import load_corpus

    knowledge = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", knowledge)
    config = SimpleNamespace(
        regulations_dir=ROOT / "regulations", knowledge_dir=knowledge, data_dir=tmp_path / "data"
    )
    services = SimpleNamespace(
        config=config, reindex=reindex, corpus=load_corpus(ROOT / "regulations")
    )
    asker = SimpleNamespace(invalidate=lambda: None)
    return Admin(services, Store(tmp_path / "s.sqlite3"), asker), knowledge  # type: ignore[arg-type]


def _edited_glossary(knowledge: Path) -> tuple[Path, bytes]:
    path = next(p for p in sorted(knowledge.rglob("*.yaml")) if "terms:" in p.read_text())
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n"
    return path, (text + "  - terms: [zebrakorn]\n    means: spanduk uji\n").encode()


def test_knowledge_publish_restores_the_file_when_the_reindex_fails(tmp_path: Path) -> None:
    def broken() -> None:
        raise RuntimeError("index build failed")

    admin, knowledge = _knowledge_admin(tmp_path, broken)
    path, data = _edited_glossary(knowledge)
    before = path.read_bytes()
    pending = admin.prepare(1, path.name, None, data)
    assert (pending.kind, pending.staged.diff.glossary.added) == ("knowledge", ["zebrakorn"])
    with pytest.raises(RuntimeError):
        admin.publish(pending.token)
    assert path.read_bytes() == before


def test_knowledge_publish_refuses_a_preview_made_stale_by_another_edit(tmp_path: Path) -> None:
    admin, knowledge = _knowledge_admin(tmp_path, lambda: None)
    path, data = _edited_glossary(knowledge)
    pending = admin.prepare(1, path.name, None, data)
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited meanwhile\n", encoding="utf-8")
    edited = path.read_bytes()
    with pytest.raises(AdminError) as caught:
        admin.publish(pending.token)
    assert caught.value.code == "expired"
    assert path.read_bytes() == edited


def test_knowledge_upload_that_changes_nothing_is_refused(tmp_path: Path) -> None:
    admin, knowledge = _knowledge_admin(tmp_path, lambda: None)
    path, _ = _edited_glossary(knowledge)
    with pytest.raises(AdminError) as caught:
        admin.prepare(1, path.name, None, path.read_bytes())
    assert caught.value.code == "knowledge_unchanged"
