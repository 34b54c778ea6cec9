"""What a question cites: regulations, articles, quoted passages; and whether it is in scope."""

from __future__ import annotations

import pytest

from bot.core.references import article_refs, quoted_passage, regulation_mentions
from bot.core.scope import scope_signals


@pytest.mark.parametrize(
    ("text", "kind", "number", "year"),
    [
        ("Menurut PP 94/2021 Pasal 5", "pp", "94", "2021"),
        ("UU No. 5 Tahun 2014 pasal 87", "uu", "5", "2014"),
        ("Peraturan BKN Nomor 6 Tahun 2022", "perbkn", "6", "2022"),
        ("SE MenPANRB 18/2023", "se", "18", "2023"),
        ("PKPU 15/2023 tentang kampanye", "pkpu", "15", "2023"),
        ("Permendagri nomor 74 tahun 2016", "permen", "74", "2016"),
        ("UU ITE 11/2008", "uu", "11", "2008"),
        ("menurut SKB 2022", "skb", None, "2022"),
        ("What does Article 240 of Law 7/2017 say?", "uu", "7", "2017"),
        ("Government Regulation 94/2021 on discipline", "pp", "94", "2021"),
    ],
)
def test_regulation_mentions_carry_kind_number_and_year(
    text: str, kind: str, number: str | None, year: str
) -> None:
    found = regulation_mentions(text)
    assert [(m.kind, m.number, m.year) for m in found] == [(kind, number, year)]


def test_years_alone_name_no_regulation() -> None:
    assert regulation_mentions("pemilu 2024 kapan?") == []
    assert regulation_mentions("the law says civil servants must stay neutral") == []


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("PP 94/2021 Pasal 5 huruf n angka 2", "Pasal 5 huruf n angka 2"),
        ("pasal 87 ayat (4) huruf c", "Pasal 87 ayat (4) huruf c"),
        ("pasal 9 ayat 2 uu asn", "Pasal 9 ayat (2)"),
        ("SKB lampiran B angka 5", "Lampiran B angka 5"),
        ("Article 5 letter n of Government Regulation 94/2021", "Pasal 5 huruf n"),
        ("article 9 paragraph 2 of the ASN law", "Pasal 9 ayat (2)"),
    ],
)
def test_article_references_are_parsed_to_their_parts(text: str, label: str) -> None:
    assert [r.label for r in article_refs(text)] == [label]


def test_quoted_passages_need_four_words() -> None:
    assert (
        quoted_passage('ada kalimat "bebas dari pengaruh dan intervensi" itu pasal berapa')
        == "bebas dari pengaruh dan intervensi"
    )
    assert quoted_passage('grup "Relawan X" itu apa') is None


@pytest.mark.parametrize(
    "question",
    [
        "Apakah ASN yang jadi KPPS wajib bayar pajak atas honornya?",
        "Berapa ambang batas parlemen di UU Pemilu?",
        "cuti tahunan PNS berapa hari?",
        "Dilarang gak toko nulis barang yang sudah dibeli tidak dapat dikembalikan?",
    ],
)
def test_other_areas_of_law_are_elsewhere_even_with_in_scope_words(question: str) -> None:
    assert scope_signals([question]).elsewhere


@pytest.mark.parametrize(
    "question",
    [
        "PNS yang lagi cuti tahunan jadi MC kampanye caleg, boleh?",
        "boleh gak ASN like postingan caleg?",
    ],
)
def test_a_circumstance_word_does_not_take_conduct_out_of_scope(question: str) -> None:
    signals = scope_signals([question])
    assert signals.conduct
    assert not signals.elsewhere


def test_a_probationary_civil_servant_is_not_a_candidate() -> None:
    assert not scope_signals(["cara daftar calon pegawai negeri sipil"]).conduct


@pytest.mark.parametrize(
    "question",
    [
        "My boss told us to attend a candidate's breakfast, is that allowed?",
        "Larangan pejabat membuat keputusan yang menguntungkan peserta pemilu berlaku kapan?",
    ],
)
def test_conduct_is_recognised_in_possessives_and_named_participants(question: str) -> None:
    assert scope_signals([question]).conduct


def test_asking_whether_a_regulation_holds_is_a_status_signal() -> None:
    assert scope_signals(["UU 5/2014 masih berlaku gak?"]).status
    assert scope_signals(["Has Law 5/2014 been repealed?"]).status
    assert not scope_signals(["Status honorer masih ada gak setelah UU ASN baru?"]).status
