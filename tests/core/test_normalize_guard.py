from __future__ import annotations

import pytest

from bot.core.guard import is_endorsement_request, is_follow_up
from bot.core.normalize import Normalizer, words
from bot.models import GlossaryEntry

GLOSSARY = [
    GlossaryEntry(("gak", "nggak", "ga"), "tidak"),
    GlossaryEntry(("medsos",), "media sosial"),
    GlossaryEntry(("mobil dinas", "randis"), "kendaraan dinas"),
    GlossaryEntry(("caleg",), "calon anggota dewan perwakilan rakyat"),
]


def test_slang_and_phrases_are_replaced_and_kept_for_lexical_search() -> None:
    norm = Normalizer(GLOSSARY).normalize(
        "Boleh gak ASN pakai mobil dinas buat kampanye caleg di medsos?"
    )
    assert (
        norm.text
        == "boleh tidak asn pakai kendaraan dinas buat kampanye calon anggota dewan perwakilan rakyat di media sosial"
    )
    assert "caleg" in norm.expanded.split()
    assert "kendaraan dinas" in norm.expanded


def test_words_keep_slashed_legal_forms() -> None:
    assert words("dan/atau PNS, UU 20/2023!") == ["dan/atau", "pns", "uu", "20/2023"]


@pytest.mark.parametrize(
    "question",
    [
        "Paslon mana yang paling bagus untuk dipilih?",
        "siapa capres yang sebaiknya saya pilih?",
        "sy harus pilih siapa di pilkada?",
        "Which candidate should I vote for?",
        "rekomendasikan partai yang bagus dong",
    ],
)
def test_requests_to_pick_a_candidate_are_endorsement_requests(question: str) -> None:
    assert is_endorsement_request(question)


@pytest.mark.parametrize(
    "question",
    [
        "boleh gak ASN like postingan caleg?",
        "Bolehkah PNS menjadi anggota partai politik?",
        "apa sanksi PNS yang foto bareng paslon?",
        "Can a civil servant join a political party?",
    ],
)
def test_questions_about_conduct_are_not_endorsement_requests(question: str) -> None:
    assert not is_endorsement_request(question)


def test_short_follow_ups_are_recognised() -> None:
    assert is_follow_up("kalau PPPK bagaimana?")
    assert is_follow_up("gimana kalau di luar jam kerja?")
    assert not is_follow_up("Bolehkah PNS ikut kampanye?")


def test_a_question_pointing_back_without_conduct_of_its_own_is_a_follow_up() -> None:
    assert is_follow_up("Where should I report it?")
    assert is_follow_up("Cutinya siapa yang ngasih?")
    assert is_follow_up("Dia bisa dihukum apa?")
    # A question naming conduct of its own stands alone, pronoun or not.
    assert not is_follow_up("Apa itu netralitas ASN?")
    assert not is_follow_up("Is it allowed to like a candidate's post?")
