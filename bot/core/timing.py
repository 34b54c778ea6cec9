"""How long before an election event a question places the act ("8 bulan sebelum penetapan
paslon", "setahun sebelum pilkada", "3 months before the vote").

Some prohibitions hold only within a window (UU 10/2016 Pasal 71 ayat (2): "6 (enam) bulan sebelum
tanggal penetapan pasangan calon"). A question that places the act outside it must not get the
prohibition's verdict; one that counts from another event (the vote) cannot be settled without
the election calendar.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

_NUMBERS = {
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
    "sepuluh": 10,
    "sebelas": 11,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
# Months per unit word.
_UNITS = {
    "bulan": 1.0,
    "bln": 1.0,
    "month": 1.0,
    "months": 1.0,
    "tahun": 12.0,
    "thn": 12.0,
    "year": 12.0,
    "years": 12.0,
    "minggu": 0.25,
    "mgg": 0.25,
    "week": 0.25,
    "weeks": 0.25,
    "hari": 1 / 30,
    "day": 1 / 30,
    "days": 1 / 30,
}
# "setahun", "sebulan", "seminggu", "sehari": one unit.
_ONE = {"setahun": 12.0, "sebulan": 1.0, "seminggu": 0.25, "sehari": 1 / 30}
_BEFORE = frozenset({"sebelum", "sblm", "jelang", "menjelang", "before", "prior"})
_EVENTS = (
    ("penetapan_paslon", frozenset({"penetapan", "ditetapkan", "penetapannya", "designation"})),
    (
        "pemungutan",
        frozenset(
            {"pemungutan", "pencoblosan", "coblosan", "pilkada", "pemilu", "pemilihan", "vote"}
            | {"election", "voting", "hari-h"}
        ),
    ),
)


@dataclass(frozen=True)
class LeadTime:
    """The act happens `months` before `event` ("penetapan_paslon", "pemungutan" or "unknown");
    `said` is the user's own wording of the length ("8 bulan")."""

    months: float
    event: str
    said: str


def _length(tokens: Sequence[str], at: int) -> tuple[float, str] | None:
    """The length written just before tokens[at] ("8 bulan", "delapan bulan", "setahun")."""
    if at >= 1 and tokens[at - 1] in _ONE:
        return _ONE[tokens[at - 1]], tokens[at - 1]
    if at >= 2 and tokens[at - 1] in _UNITS:
        number = tokens[at - 2]
        count = float(number) if number.isdigit() else _NUMBERS.get(number)
        if count is not None:
            return count * _UNITS[tokens[at - 1]], f"{number} {tokens[at - 1]}"
    return None


def lead_time(tokens: Sequence[str]) -> LeadTime | None:
    """The first "<length> sebelum <event>" in the question's tokens, or None."""
    for at, token in enumerate(tokens):
        if token not in _BEFORE:
            continue
        length = _length(tokens, at)
        if length is None:
            continue
        after = set(tokens[at + 1 : at + 4])
        event = next((name for name, cues in _EVENTS if after & cues), "unknown")
        return LeadTime(length[0], event, length[1])
    return None


def outside_window(lead: LeadTime, months: int, event: str) -> str | None:
    """Why a rule that holds `months` before `event` may not cover the act: "window" (counted
    from the same event, and longer), "window_unclear" (longer, but counted from another event:
    the calendar decides), or None (within the window, or nothing to compare)."""
    if lead.months <= months:
        # Inside, counted from the same event; counted from the vote, which comes after the
        # designation of candidates, inside too. (No ruling counts from the vote today.)
        return None
    return "window" if lead.event == event else "window_unclear"
