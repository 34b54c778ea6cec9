"""What replacing a regulation file would change, retrieval unit by retrieval unit."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from bot.models import Regulation


@dataclass(frozen=True)
class UnitChange:
    unit_id: str
    label: str
    before: str | None  # None: the unit is new
    after: str | None  # None: the unit is gone

    def lines(self, context: int = 1) -> list[str]:
        """A unified diff of the unit's text (- before, + after)."""
        return [
            line.rstrip("\n")
            for line in difflib.unified_diff(
                (self.before or "").splitlines(),
                (self.after or "").splitlines(),
                lineterm="",
                n=context,
            )
        ][2:]  # without the ---/+++ header


@dataclass
class RegulationDiff:
    reg_id: str
    same: int = 0
    added: list[UnitChange] = field(default_factory=list)
    removed: list[UnitChange] = field(default_factory=list)
    changed: list[UnitChange] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def diff_regulations(before: Regulation, after: Regulation) -> RegulationDiff:
    """Units of `after` compared with those of `before` by id, in `after`'s order."""
    old = {u.id: u for u in before.units}
    new = {u.id: u for u in after.units}
    out = RegulationDiff(after.id)
    for unit_id, unit in new.items():
        previous = old.get(unit_id)
        if previous is None:
            out.added.append(UnitChange(unit_id, unit.label, None, unit.text))
        elif previous.text != unit.text:
            out.changed.append(UnitChange(unit_id, unit.label, previous.text, unit.text))
        else:
            out.same += 1
    out.removed = [UnitChange(i, u.label, u.text, None) for i, u in old.items() if i not in new]
    return out
