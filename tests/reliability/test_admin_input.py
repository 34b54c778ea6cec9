"""Admin input hygiene: non-UTF-8 uploads and /cabut replacements that make no sense."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from bot.admin import Admin, AdminError
from bot.corpus.loader import load_corpus
from bot.store.repo import Store
from bot.tg.render import cabut_refused_html, upload_error_html

ROOT = Path(__file__).resolve().parents[2]
LATIN1_MD = (
    "---\nid: lainnya-99-2024\ntitle: Surat Edaran Contoh\nshort: SE 99/2024\ntype: lainnya\n"
    'number: "99"\nyear: 2024\nstatus: berlaku\nsource_url: https://example.go.id/se\n---\n'
    "## Pasal 1\n\nPegawai dilarang memihak kepada calon tertentu (ketentuan \xe9).\n"
).encode("latin-1")


@pytest.fixture
def admin(tmp_path: Path) -> tuple[Admin, Path, list[str]]:
    regs = tmp_path / "regulations"
    shutil.copytree(ROOT / "regulations", regs)
    reindexed: list[str] = []
    config = SimpleNamespace(regulations_dir=regs, data_dir=tmp_path / "data")
    services = SimpleNamespace(
        config=config, corpus=load_corpus(regs), reindex=lambda: reindexed.append("reindex")
    )
    asker = SimpleNamespace(invalidate=lambda: None)
    return Admin(services, Store(tmp_path / "s.sqlite3"), asker), regs, reindexed  # type: ignore[arg-type]


def test_a_non_utf8_markdown_upload_gets_a_clear_refusal(admin: Any) -> None:
    admin_, regs, _ = admin
    with pytest.raises(AdminError) as caught:
        admin_.prepare(1, "lainnya-99-2024.md", None, LATIN1_MD)
    assert caught.value.code == "encoding"
    html = upload_error_html(caught.value)
    assert "UTF-8" in html
    assert "lainnya-99-2024.md" in html
    assert not (regs / "lainnya-99-2024.md").exists()


@pytest.mark.parametrize(
    ("target", "replacement", "code"),
    [
        ("pp-94-2021", "pp-94-2021", "replacement_self"),
        ("pp-94-2021", "PP-94-2021", "replacement_self"),
        ("uu-20-2023", "uu-5-2014", "replacement_revoked"),  # uu-5-2014 is itself dicabut
    ],
)
def test_cabut_refuses_a_replacement_that_is_the_target_or_revoked(
    admin: Any, target: str, replacement: str, code: str
) -> None:
    admin_, regs, reindexed = admin
    before = (regs / f"{target}.md").read_bytes()
    with pytest.raises(AdminError) as caught:
        admin_.revoke(target, replacement)
    assert caught.value.code == code
    assert (regs / f"{target}.md").read_bytes() == before
    assert reindexed == []
    html = cabut_refused_html(caught.value, target, replacement)
    assert replacement.lower() in html
    assert "tidak dikenal" not in html
