"""The admin change journal: a publish or revoke is one recoverable step, even under SIGKILL.

Before `regulations/` or `knowledge/` changes, `<data_dir>/admin-journal.json` records the file,
its previous bytes and the generation serving at that moment; it is removed once the new index
serves. At start-up `reconcile` finds a journal left by a killed process and settles it:

- the pointer still names the old generation → the change never reached users: put the old
  file back (roll back);
- the pointer names a newer generation → the index was built from the new file: keep it
  (roll forward).

Either way files and index agree again, and one log line says which happened.
"""

from __future__ import annotations

import base64
import json
import logging
from pathlib import Path
from typing import Any

from bot.config import Config
from bot.fsutil import atomic_write
from bot.search.index import read_pointer

log = logging.getLogger(__name__)
NAME = "admin-journal.json"


def journal_path(config: Config) -> Path:
    return config.data_dir / NAME


def begin(config: Config, target: Path, before: bytes | None) -> None:
    """Record the change about to be made (atomically, with fsync) before making it."""
    pointer = read_pointer(config) or {}
    entry = {
        "target": str(target),
        "before": base64.b64encode(before).decode("ascii") if before is not None else None,
        "generation": pointer.get("generation"),
    }
    journal_path(config).parent.mkdir(parents=True, exist_ok=True)
    atomic_write(journal_path(config), json.dumps(entry))


def end(config: Config) -> None:
    """The change is settled (served, or undone): forget it."""
    journal_path(config).unlink(missing_ok=True)


def reconcile(config: Config) -> str | None:
    """Settle a journal left by a killed publish or revoke; return what was done, or None."""
    path = journal_path(config)
    try:
        entry: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:  # a torn journal cannot exist (atomic), but be sure
        log.error("admin journal %s is unreadable (%s); remove it by hand", path, exc)
        return None
    target = Path(entry["target"])
    serving = (read_pointer(config) or {}).get("generation")
    if serving is not None and serving != entry.get("generation"):
        outcome = f"kept {target} (generation {serving} was built from it)"
    else:
        before = entry.get("before")
        if before is None:
            target.unlink(missing_ok=True)
        else:
            atomic_write(target, base64.b64decode(before))
        outcome = f"restored {target} as it was before the interrupted change"
    end(config)
    log.warning("admin: an interrupted publish/revoke was settled at start: %s", outcome)
    return outcome
