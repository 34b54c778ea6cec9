from __future__ import annotations

from bot.core.answer import Policy, RegInfo, Scored, compose, decline, quote_of
from bot.models import Ruling, Sanction, Unit

POLICY = Policy(faq_min_score=0.5, unit_min_score=0.4, top_k=5)
REGS = {"pp-94-2021": RegInfo("PP 94/2021", "berlaku", None), "uu-5-2014": RegInfo("UU 5/2014", "dicabut", "UU 20/2023")}


def unit(uid: str, reg: str = "pp-94-2021", status: str = "berlaku", verification: str = "verbatim", text: str = "PNS dilarang: ikut kampanye;") -> Unit:
    return Unit(uid, reg, f"{REGS[reg].short} {uid}", uid.split("/")[1], text, status, verification, "https://example.org/x")  # type: ignore[arg-type]


RULING = Ruling(
    "kampanye-atribut", "kampanye", ("boleh pakai atribut?",), "dilarang", "PNS dilarang memakai atribut partai saat kampanye.",
    ("pp-94-2021/pasal-5/huruf-n/angka-2",), (), Sanction("sedang", "Hukuman disiplin sedang", ("pp-94-2021/pasal-13",)),
)


def test_matched_ruling_gives_its_verdict_and_cites_only_given_units() -> None:
    cited = unit("pp-94-2021/pasal-5/huruf-n/angka-2")
    hits = [Scored(unit("pp-94-2021/pasal-13"), 0.03, 0.6), Scored(unit("pp-94-2021/pasal-14"), 0.02, 0.5)]
    answer = compose("boleh pakai kaos partai?", hits, RULING, 0.8, [cited], REGS, POLICY)
    assert answer.found
    assert answer.verdict == "dilarang"
    assert answer.mode == "faq"
    assert [c.unit_id for c in answer.citations] == [cited.id]
    assert answer.sources[0].unit_id == cited.id
    assert {c.unit_id for c in answer.citations} <= {s.unit_id for s in answer.sources}
    assert answer.sanction is not None
    assert answer.sanction.startswith("Hukuman disiplin sedang (PP 94/2021")


def test_weak_ruling_and_weak_units_mean_not_covered_with_official_channels() -> None:
    hits = [Scored(unit("pp-94-2021/pasal-1"), 0.01, 0.1)]
    answer = compose("resep rendang?", hits, RULING, 0.2, [unit("pp-94-2021/pasal-5")], REGS, POLICY)
    assert not answer.found
    assert answer.verdict is None
    assert answer.mode == "none"
    assert answer.citations == []
    assert "Bawaslu" in answer.answer
    assert "BKN" in answer.answer
    assert "KASN" not in answer.answer


def test_strong_units_without_ruling_answer_extractively_without_verdict() -> None:
    hits = [Scored(unit("pp-94-2021/pasal-5"), 0.03, 0.9), Scored(unit("pp-94-2021/pasal-7"), 0.02, 0.3)]
    answer = compose("apa larangan PNS?", hits, None, 0.0, [], REGS, POLICY)
    assert answer.found
    assert answer.verdict is None
    assert answer.mode == "extractive"
    assert [c.unit_id for c in answer.citations] == ["pp-94-2021/pasal-5"]


def test_revoked_and_summary_citations_are_flagged() -> None:
    old = unit("uu-5-2014/pasal-87", reg="uu-5-2014", status="dicabut")
    summary = unit("pp-94-2021/lampiran-b-1", verification="ringkasan")
    hits = [Scored(old, 0.03, 0.9), Scored(summary, 0.03, 0.9)]
    answer = compose("uu 5/2014 pasal 87?", hits, None, 0.0, [], REGS, POLICY)
    assert any("UU 5/2014 sudah dicabut dan diganti UU 20/2023" in n for n in answer.notes)
    assert any("bukan teks resmi" in n for n in answer.notes)


def test_decline_endorsement_is_neutral() -> None:
    answer = decline("paslon mana yang bagus?", "endorsement", [], 5)
    assert not answer.found
    assert answer.declined == "endorsement"
    assert "tidak menilai, mendukung, atau mengkritik" in answer.answer


def test_long_quotes_are_cut_at_a_boundary() -> None:
    text = "; ".join(f"huruf {i} teks yang cukup panjang" for i in range(60))
    quote = quote_of(text, 200)
    assert len(quote) <= 203
    assert quote.endswith("…")
    assert text.startswith(quote[:-2].rstrip())
