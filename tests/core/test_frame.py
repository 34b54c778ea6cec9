"""Question understanding: actor, election, intent and modifiers, and follow-ups."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.frame import Frame, read_frame, strip_actor
from bot.core.normalize import Normalizer
from bot.corpus.knowledge import load_knowledge

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def normalizer() -> Normalizer:
    return Normalizer(load_knowledge(ROOT / "knowledge").glossary)


def frame(normalizer: Normalizer, question: str) -> Frame:
    return read_frame(question, normalizer.normalize(question).text)


@pytest.mark.parametrize(
    ("question", "actor"),
    [
        ("boleh gak bupati yg nyalon lagi kampanye pake mobil dinas?", "kepala_daerah"),
        ("Apakah PNS boleh ikut kampanye calon bupati?", "pns"),
        ("sy guru PPPK, boleh pasang stiker capres di motor?", "pppk"),
        ("Kades di desa sebelah jadi timses caleg, boleh?", "kepala_desa"),
        ("Camat bikin SK yang nguntungin paslon gubernur, gimana?", "pejabat_struktural"),
        ("Saya karyawan swasta, boleh ikut kampanye?", "swasta"),
        ("Is a police officer allowed to campaign for a candidate?", "tni_polri"),
        ("Bolehkah tim kampanye mengajak PNS ikut kampanye?", "calon"),
        ("Sanksi buat PNS yang pasang spanduk paslon apa aja?", "pns"),
        ("Suami saya caleg, saya PNS, boleh ikut kampanyenya?", "pns"),
        ("ketemu caleg pas kondangan, foto bareng trus upload. melanggar?", "unknown"),
        ("presiden aja boleh kampanye, berarti PNS juga boleh dong?", "pns"),
        ("Sebagai CPNS, apakah saya terikat larangan netralitas?", "cpns"),
        (
            "Sekretaris dinas bikin daftar hadir staf di kampanye paslon gubernur",
            "pejabat_struktural",
        ),
        ("Pak bupati menyuruh saya pasang baliho dia di kantor, gimana?", "unknown"),
        ("Caleg minta saya jadi admin grup WA relawannya, boleh?", "unknown"),
        ("Saya honorer di dinas, boleh jadi relawan capres?", "honorer"),
        ("Saya karyawan bank BPD, boleh ikut kampanye?", "bumn_bumd"),
        ("The head of my agency wants us at a rally. Is that a violation?", "pejabat_struktural"),
    ],
)
def test_the_actor_is_whose_conduct_is_asked_about(
    normalizer: Normalizer, question: str, actor: str
) -> None:
    assert frame(normalizer, question).actor == actor


def test_the_office_a_candidate_seeks_is_not_the_actor(normalizer: Normalizer) -> None:
    f = frame(normalizer, "kalau pilkada gimana aturannya buat ASN?")
    assert f.actor == "asn"
    assert f.election == "pilkada"


@pytest.mark.parametrize(
    ("question", "election"),
    [
        ("PNS dukung capres di medsos boleh?", "pemilu"),
        ("PNS dukung cabup di medsos boleh?", "pilkada"),
        ("ASN jadi timses caleg DPRD gimana?", "pemilu"),
        ("ASN di pemilu dan pilkada wajib netral?", "unknown"),
        ("Bolehkah ASN ikut kampanye?", "unknown"),
        ("polisi mau nyalon walikota, harus mundur?", "pilkada"),
        ("Does a village head who wants to run for regent have to resign?", "pilkada"),
        ("kades mau maju DPD, wajib mundur?", "pemilu"),
        ("Bupati boleh kampanye?", "unknown"),
        ("Pegawai bank daerah mau ikut kampanye walikota, boleh?", "pilkada"),
        (
            "Is a civil servant running for mayor allowed to keep his post until the election?",
            "pilkada",
        ),
        ("PNS jadi timses gubernur, pasal mana?", "pilkada"),
        ("Anggota DPR mau nyalon gubernur, harus mundur?", "pilkada"),
        ("PNS maju jadi bupati, kalau di pemilu legislatif gimana?", "pemilu"),
    ],
)
def test_the_election_is_read_from_offices_and_names(
    normalizer: Normalizer, question: str, election: str
) -> None:
    assert frame(normalizer, question).election == election


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("Bolehkah PNS ikut kampanye?", "boleh_tidak"),
        ("Apa sanksi PNS yang ikut kampanye pakai atribut?", "sanksi"),
        ("Pasal berapa yang melarang PNS jadi anggota partai?", "pasal_lookup"),
        ("Bagaimana cara melaporkan ASN yang tidak netral?", "lapor"),
        ("Apa yang dimaksud dengan asas netralitas?", "definisi"),
        ("Kapan PNS yang nyaleg harus mundur?", "prosedur"),
        ("Cutinya siapa yang ngasih?", "prosedur"),
        ("Yang ngasih cutinya siapa?", "prosedur"),
        ("saya kasih like postingan caleg, siapa tahu boleh?", "boleh_tidak"),
        ("Who grants the leave of a governor who runs again?", "prosedur"),
        ("Atasan saya mengarahkan kami memilih paslon, apakah itu melanggar?", "boleh_tidak"),
    ],
)
def test_the_intent_says_what_kind_of_answer_is_wanted(
    normalizer: Normalizer, question: str, intent: str
) -> None:
    assert frame(normalizer, question).intent == intent


@pytest.mark.parametrize(
    ("question", "name", "value"),
    [
        ("PNS datang ke kampanye pakai kaos partai, boleh?", "attributes", "with"),
        ("PNS datang ke kampanye tanpa atribut, cuma dengerin", "attributes", "without"),
        ("Can a civil servant attend a rally wearing a party shirt?", "attributes", "with"),
        (
            "Can a civil servant attend a rally without wearing any party attributes?",
            "attributes",
            "without",
        ),
        ("datang ke kampanye pakai baju biasa boleh?", "attributes", "without"),
        ("kampanye pakai mobil dinas", "facilities", "with"),
        ("kampanye pakai mobil pribadi", "facilities", "without"),
        ("kampanye di luar jam kerja boleh?", "hours", "outside"),
        ("PNS sedang cuti boleh kampanye?", "leave", "on"),
        ("bupati kampanye tanpa cuti", "leave", "off"),
        ("posting dukungan di akun pribadi", "account", "own"),
        ("admin akun resmi instansi repost kampanye", "account", "official"),
        ("PNS jadi MC di acara kampanye", "active", "yes"),
        ("PNS diundang jadi narasumber/pembicara di kampanye", "active", "yes"),
        ("Sekda mewajibkan kepala dinas hadir di acara calon", "mobilising", "yes"),
        ("Kabid minta staf isi daftar hadir di kampanye caleg", "mobilising", "yes"),
        ("boleh ga ngajak staf nonton kampanye bareng?", "mobilising", "yes"),
        ("bisa nggak datang ke kampanye pakai kaos partai?", "attributes", "with"),
        ("Gubernur yang tidak nyalon lagi ikut kampanye", "running", "no"),
        ("Bupati petahana yang mencalonkan kembali", "running", "yes"),
        ("sebelum masa kampanye boleh pasang baliho?", "period", "before"),
        ("PNS daftar calon bupati dulu, mundurnya nanti?", "resign", "later"),
        ("Can a PNS register as a candidate and resign later?", "resign", "later"),
        ("PNS nyaleg tanpa mundur", "resign", "no"),
        ("PNS jadi timses paslon bupati", "team", "yes"),
        ("PNS jadi timses paslon bupati", "active", "yes"),
        ("guru jadi relawan capres", "team", "yes"),
        ("saya cuma staf biasa di BUMD, bukan direksi", "rank", "staff"),
        ("I am an ordinary employee of a state-owned bank", "rank", "staff"),
    ],
)
def test_modifiers_that_change_the_answer_are_kept(
    normalizer: Normalizer, question: str, name: str, value: str
) -> None:
    assert frame(normalizer, question).modifier(name) == value


def test_a_follow_up_replaces_only_what_it_changes(normalizer: Normalizer) -> None:
    first = frame(normalizer, "Apakah PNS boleh jadi anggota partai politik saat pilkada?")
    follow = frame(normalizer, "kalau PPPK gimana?").follow(first)
    assert (first.actor, follow.actor) == ("pns", "pppk")
    assert follow.election == first.election == "pilkada"
    assert follow.intent == first.intent == "boleh_tidak"


def test_whoever_tells_the_asker_to_act_is_not_the_asker(normalizer: Normalizer) -> None:
    told = frame(normalizer, "Pak bupati minta saya posting kegiatannya di akun resmi dinas")
    assert (told.actor, told.asked_by) == ("unknown", "kepala_daerah")
    assert Frame.from_json(told.to_json()) == told
    assert frame(normalizer, "Bupati boleh kampanye?").asked_by is None


def test_a_follow_up_naming_an_actor_drops_who_the_previous_one_was(
    normalizer: Normalizer,
) -> None:
    first = frame(normalizer, "Pj bupati boleh ikut kampanye paslon?")
    follow = frame(normalizer, "kalau bupati yang nyalon lagi?").follow(first)
    assert first.modifier("acting") == "yes"
    assert follow.modifier("acting") is None
    assert frame(normalizer, "kalau pakai mobil dinas?").follow(first).modifier("acting") == "yes"


def test_frames_round_trip_through_json(normalizer: Normalizer) -> None:
    f = frame(normalizer, "PNS sedang cuti pakai kaos partai ke kampanye cabup, sanksinya?")
    assert Frame.from_json(f.to_json()) == f


def test_strip_actor_leaves_the_act() -> None:
    assert strip_actor("PNS boleh jadi tim sukses caleg?") == "boleh jadi tim sukses caleg"
    assert strip_actor("kades boleh jadi tim sukses caleg?") == "boleh jadi tim sukses caleg"


def test_recording_others_is_read_as_watching_and_survives_the_store() -> None:
    frame = read_frame(
        "camat mencatat ASN yang ikut kampanye", "camat mencatat ASN yang ikut kampanye"
    )
    assert frame.watching
    assert not read_frame("PNS yang difoto bersama caleg", "PNS yang difoto bersama caleg").watching
    timed = read_frame("mutasi 8 bulan sebelum penetapan", "mutasi 8 bulan sebelum penetapan")
    assert Frame.from_json(timed.to_json()) == timed
    assert Frame.from_json(frame.to_json()).watching
