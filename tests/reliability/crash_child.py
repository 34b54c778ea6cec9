"""Run one admin publish or revoke and SIGKILL this process at the step named in argv.

Used by test_crash_consistency.py: argv = data_dir regulations_dir step.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

from bot import admin as admin_module
from bot import journal
from bot.admin import Admin
from bot.asking import Asker
from bot.search import index as index_module
from bot.services import build_services
from bot.store.repo import Store
from tests.conftest import make_config
from tests.tg.test_admin import NEW_REGULATION


def die(*args: Any, **kwargs: Any) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def after(real: Any) -> Any:
    def call(*args: Any, **kwargs: Any) -> Any:
        real(*args, **kwargs)
        die()

    return call


def main() -> None:
    data_dir, regs, step = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    config = make_config(data_dir, NETRAL_CORPUS__REGULATIONS_DIR=regs)
    services = build_services(config, embedder=None)
    store = Store(data_dir / "admin.sqlite3")
    admin = Admin(services, store, Asker(services, store))
    kind, _, point = step.partition(":")
    if point == "journal":
        admin_module.journal.begin = after(journal.begin)  # type: ignore[attr-defined]
    elif point == "write":
        admin_module.atomic_write = after(admin_module.atomic_write)  # type: ignore[attr-defined]
    elif point == "reindex":
        services.reindex = die  # type: ignore[method-assign]
    elif point == "switch":  # the new generation is complete; the `current` pointer is next
        real_write = index_module._write_json

        def write(path: Path, data: Any) -> None:
            if path.name == "current":
                die()
            real_write(path, data)

        index_module._write_json = write  # type: ignore[attr-defined]
    elif point == "served":
        services.reindex = after(services.reindex)  # type: ignore[method-assign]
    if kind == "publish":
        pending = admin.prepare(1, "lainnya-99-2024.md", None, NEW_REGULATION.encode())
        admin.publish(pending.token)
    else:
        admin.revoke("pp-53-2010", "pp-94-2021")
    print("finished without being killed")


if __name__ == "__main__":
    main()
