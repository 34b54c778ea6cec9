"""SIGKILL during an admin publish or revoke, at each step: after a restart, files and index agree."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.journal import journal_path
from bot.services import build_services
from tests.conftest import make_config
from tests.support.processes import ROOT

STEPS = [
    "publish:journal",  # journal written, file not yet
    "publish:write",  # new file written, index not rebuilt
    "publish:reindex",  # killed as the rebuild starts
    "publish:switch",  # new generation built, pointer not switched
    "publish:served",  # new generation serving, journal not yet removed
    "revoke:write",
    "revoke:served",
]
NEW_ID = "lainnya-99-2024"


@pytest.mark.parametrize("step", STEPS)
def test_sigkill_at_each_admin_step_leaves_files_and_index_in_agreement(
    built_data_dir: Path, tmp_path: Path, step: str
) -> None:
    data = tmp_path / "data"
    regs = tmp_path / "regulations"
    shutil.copytree(built_data_dir, data)
    shutil.copytree(ROOT / "regulations", regs)
    child = subprocess.run(
        [sys.executable, "-m", "tests.reliability.crash_child", str(data), str(regs), step],
        cwd=ROOT,
        capture_output=True,
        timeout=600,
    )
    assert child.returncode == -9, child.stderr.decode()[-2000:]

    services = build_services(
        make_config(data, NETRAL_CORPUS__REGULATIONS_DIR=str(regs)), embedder=None
    )

    snapshot = services.retriever.snapshot()
    assert snapshot is not None
    served = {u.regulation: u.status for u in snapshot.units}
    assert not journal_path(services.config).exists()
    if step.startswith("publish"):
        on_disk = (regs / f"{NEW_ID}.md").exists()
        assert on_disk == (NEW_ID in services.corpus.regulations) == (NEW_ID in served)
        outcome = "new regulation served" if on_disk else "old corpus served, new file rolled back"
    else:
        status = services.corpus.regulations["pp-53-2010"].status
        assert served["pp-53-2010"] == status
        outcome = f"pp-53-2010 served as {status}"
    print(f"\nSIGKILL at {step}: restarted bot serves {snapshot.generation}: {outcome}")
