"""Reading how long before an election event a question places the act."""

from __future__ import annotations

import pytest

from bot.core.normalize import words
from bot.core.timing import LeadTime, lead_time, outside_window


@pytest.mark.parametrize(
    ("text", "months", "event", "said"),
    [
        ("mutasi 8 bulan sebelum penetapan paslon", 8, "penetapan_paslon", "8 bulan"),
        ("rotasi delapan bulan sblm ditetapkan calon", 8, "penetapan_paslon", "delapan bulan"),
        ("setahun sebelum pilkada", 12, "pemungutan", "setahun"),
        ("2 tahun menjelang pencoblosan", 24, "pemungutan", "2 tahun"),
        ("3 months before the election", 3, "pemungutan", "3 months"),
        ("dua minggu sebelum acara itu", 0.5, "unknown", "dua minggu"),
    ],
)
def test_lengths_and_events_are_read(text: str, months: float, event: str, said: str) -> None:
    assert lead_time(words(text)) == LeadTime(months, event, said)


@pytest.mark.parametrize("text", ["sebelum penetapan paslon", "bulan sebelum pilkada", "8 bulan"])
def test_no_length_no_lead_time(text: str) -> None:
    assert lead_time(words(text)) is None


def test_outside_inside_and_unclear() -> None:
    assert outside_window(LeadTime(8, "penetapan_paslon", "8 bulan"), 6, "penetapan_paslon") == (
        "window"
    )
    assert outside_window(LeadTime(4, "penetapan_paslon", "4 bulan"), 6, "penetapan_paslon") is None
    assert outside_window(LeadTime(4, "pemungutan", "4 bulan"), 6, "penetapan_paslon") is None
    assert outside_window(LeadTime(9, "pemungutan", "9 bulan"), 6, "penetapan_paslon") == (
        "window_unclear"
    )
    assert outside_window(LeadTime(9, "unknown", "9 bulan"), 6, "penetapan_paslon") == (
        "window_unclear"
    )
