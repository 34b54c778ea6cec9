"""bot/admin.py without Telegram: metadata of uploads, front-matter edits, atomic publish."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from bot.admin import Admin, AdminError, set_revoked, upload_fields
from bot.store.repo import Store
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
    config = SimpleNamespace(regulations_dir=tmp_path / "regs")
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
