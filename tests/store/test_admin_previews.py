"""A regulation preview prepared on one replica is confirmed (or refused) on another."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.admin import Admin, AdminError
from bot.store.repo import Store
from tests.tg.test_admin import NEW_REGULATION


def _admin(store: Store, regs: Path, reindex: Callable[[], object]) -> Admin:
    config = SimpleNamespace(regulations_dir=regs, data_dir=regs.parent / "data")
    services = SimpleNamespace(config=config, reindex=reindex)
    asker = SimpleNamespace(invalidate=lambda: None)
    return Admin(services, store, asker)  # type: ignore[arg-type]


def test_a_preview_lives_in_the_store_and_is_published_once(
    open_store: Callable[[], Store], tmp_path: Path
) -> None:
    built: list[int] = []
    report = SimpleNamespace(generation="g-test")

    def reindex() -> object:
        built.append(1)
        return report

    one = _admin(open_store(), tmp_path / "regs", reindex)
    two = _admin(open_store(), tmp_path / "regs", reindex)
    pending = one.prepare(1, "lainnya-99-2024.md", None, NEW_REGULATION.encode())
    seen = two.pending(pending.token)
    assert seen is not None
    assert (seen.reg_id, seen.summary, seen.markdown) == (
        pending.reg_id,
        pending.summary,
        pending.markdown,
    )
    done = two.publish(pending.token)  # the confirm press reached the other replica
    assert done.path.read_text(encoding="utf-8") == NEW_REGULATION
    assert built == [1]
    with pytest.raises(AdminError) as err:
        one.publish(pending.token)  # a second (stale) press
    assert err.value.code == "expired"
    assert built == [1]

    other = one.prepare(1, "lainnya-98-2024.md", None, NEW_REGULATION.replace("99", "98").encode())
    assert two.cancel(other.token) is not None
    assert one.pending(other.token) is None
