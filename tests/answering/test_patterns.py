"""The failure patterns of issue 9, each on fresh questions (written for this test, in no eval set
and no ruling's phrasings), through the real engine over the shipped corpus and index."""

from __future__ import annotations

from typing import Any

import pytest

from bot.answering.query import context_of
from bot.models import Answer


def ask(services: Any, question: str, previous: str | None = None) -> Answer:
    context = context_of(services.answer(previous)) if previous else None
    return services.answer(question, context)


def regs(answer: Answer) -> set[str]:
    return {c.unit_id.split("/")[0] for c in answer.citations}


def cites(answer: Answer, prefix: str) -> bool:
    return any(c.unit_id.startswith(prefix) for c in answer.citations)


# 1. Wrong actor: the law that governs the asker answers, not the PNS rules.
@pytest.mark.parametrize(
    ("question", "verdict", "prefix"),
    [
        (
            "Bupati saya mau maju periode kedua, dia boleh kampanye sendiri nggak?",
            "boleh_bersyarat",
            "uu-10-2016/pasal-70",
        ),
        (
            "Kepala desa di kampung saya ikut jadi tim sukses caleg, emang boleh?",
            "dilarang",
            "uu-7-2017/pasal-280",
        ),
        (
            "Kalau pegawai PPPK ikut deklarasi dukungan bakal calon bupati, sanksinya apa?",
            "dilarang",
            "uu-20-2023/pasal-24",
        ),
    ],
)
def test_the_askers_own_law_answers(
    services: Any, question: str, verdict: str, prefix: str
) -> None:
    answer = ask(services, question)
    assert answer.verdict == verdict
    assert cites(answer, prefix), [c.unit_id for c in answer.citations]


def test_a_private_employee_is_told_the_asn_rules_do_not_bind_them(services: Any) -> None:
    answer = ask(services, "Saya karyawan swasta di pabrik, boleh ikut pawai kampanye capres?")
    assert answer.frame is not None
    assert answer.frame["actor"] == "swasta"
    assert answer.verdict != "dilarang"
    assert "tidak terikat" in answer.answer
    assert cites(answer, "uu-20-2023/pasal-1/angka-2")


# 2. Modifiers and negation change the answer.
@pytest.mark.parametrize(
    ("question", "verdict", "unit"),
    [
        ("ASN datang ke kampanye pakai kaos partai, boleh?", "dilarang", "angka-2"),
        ("Can a civil servant attend a rally wearing the party's T-shirt?", "dilarang", "angka-2"),
        (
            "PNS datang ke lapangan kampanye capres cuma dengerin visi misi, tanpa atribut apa"
            " pun, boleh?",
            "boleh_bersyarat",
            "angka-1",
        ),
    ],
)
def test_attributes_with_or_without_change_the_verdict(
    services: Any, question: str, verdict: str, unit: str
) -> None:
    answer = ask(services, question)
    assert answer.verdict == verdict
    assert cites(answer, f"pp-94-2021/pasal-5/huruf-n/{unit}")


def test_outside_working_hours_does_not_lift_the_ban(services: Any) -> None:
    answer = ask(services, "PNS jadi timses caleg tapi cuma di luar jam kerja, boleh?")
    assert answer.frame is not None
    assert answer.frame["modifiers"].get("hours") == "outside"
    assert answer.verdict == "dilarang"
    assert cites(answer, "pp-94-2021/pasal-1/angka-6")  # "di dalam maupun di luar jam kerja"


# 3. No forced match: off-topic declined, a quoted sentence found, a revoked article redirected.
@pytest.mark.parametrize(
    "question",
    [
        "cara daftar BPJS kesehatan buat keluarga gimana?",
        "Resep rendang padang yang enak gimana?",
        "PNS yang mau cerai harus izin atasan dulu gak?",
    ],
)
def test_off_topic_questions_get_no_ruling_and_no_verdict(services: Any, question: str) -> None:
    answer = ask(services, question)
    assert not answer.found
    assert answer.verdict is None
    assert answer.ruling_id is None
    assert answer.citations == []


def test_a_quoted_sentence_leads_to_the_article_that_contains_it(services: Any) -> None:
    answer = ask(
        services,
        "Kalimat 'Pegawai ASN harus bebas dari pengaruh dan intervensi semua golongan dan partai"
        " politik' itu pasal berapa?",
    )
    assert answer.ruling_id is None
    assert answer.verdict is None
    assert answer.citations[0].unit_id.startswith("uu-20-2023/pasal-9")


def test_a_revoked_article_leads_to_the_one_that_replaced_it(services: Any) -> None:
    answer = ask(
        services,
        "Menurut Pasal 87 ayat (4) UU 5/2014 PNS yang jadi anggota parpol diberhentikan, masih"
        " berlaku?",
    )
    assert "dicabut" in answer.answer
    assert cites(answer, "uu-20-2023/pasal-52")


@pytest.mark.parametrize(
    "question",
    [
        "UU 5 tahun 2014 ttg ASN masih berlaku gak sih?",
        "uu asn 2014 masih dipake ga sih skrg?",
        "Is Law 5/2014 still in force?",
    ],
)
def test_asking_whether_a_held_regulation_is_in_force_is_answered(
    services: Any, question: str
) -> None:
    # No conduct word and an informal phrasing: the named regulation keeps it in scope.
    answer = ask(services, question)
    assert answer.declined is None
    assert "dicabut" in answer.answer
    assert cites(answer, "uu-20-2023/pasal-76")


def test_a_shared_name_with_the_old_year_names_the_old_law(services: Any) -> None:
    # "UU ASN" is UU 20/2023; "UU ASN 2014" is the law it replaced.
    answer = ask(services, "Pasal 87 UU ASN tahun 2014 isinya apa?")
    assert "dicabut" in answer.answer
    assert cites(answer, "uu-5-2014/pasal-87")
    assert cites(ask(services, "Apa bunyi pasal 9 UU ASN?"), "uu-20-2023/pasal-9")


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("SE Mendagri yang membolehkan ASN hadir kampanye itu isinya apa?", "SE Mendagri"),
        ("Katanya ada surat edaran BKN yang melarang PNS like postingan caleg?", "BKN"),
    ],
)
def test_a_circular_named_by_its_issuer_is_not_answered_from_other_law(
    services: Any, question: str, name: str
) -> None:
    answer = ask(services, question)
    assert answer.declined == "not_in_corpus"
    assert answer.verdict is None
    assert name in answer.answer


# 4. The opener follows the question: no "Ya."/"Tidak." in front of a procedure, a report, an
#    article lookup; a "did he violate?" question is marked as such for the renderer.
@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("Kalau lihat PNS kampanye, lapornya ke mana?", "lapor"),
        ("Gimana prosedur cuti kampanye buat bupati yang nyalon lagi?", "prosedur"),
        ("PNS jadi anggota partai diatur pasal berapa?", "pasal_lookup"),
    ],
)
def test_the_opener_answers_the_kind_of_question(services: Any, question: str, intent: str) -> None:
    answer = ask(services, question)
    assert answer.found
    assert answer.frame is not None
    assert answer.frame["intent"] == intent
    assert not answer.answer.startswith(("Ya.", "Tidak.", "Ya,", "Tidak,"))


def test_a_violation_question_is_worded_as_one(services: Any) -> None:
    answer = ask(
        services,
        "Atasan saya nyuruh kami pasang baliho petahana di kantor, dia melanggar aturan gak?",
    )
    assert answer.frame is not None
    assert answer.frame["violation_question"] is True
    assert answer.verdict == "dilarang"
    assert not answer.answer.startswith(("Ya.", "Tidak."))


# 5. Pemilu and Pilkada are not mixed.
@pytest.mark.parametrize(
    ("question", "own", "other"),
    [
        ("PNS jadi jurkam capres, ancaman pidananya apa?", "uu-7-2017", "uu-10-2016"),
        ("PNS yang jadi tim kampanye caleg bisa masuk penjara?", "uu-7-2017", "uu-10-2016"),
        ("Camat yang berpihak ke paslon bupati bisa dipenjara?", "uu-10-2016", "uu-7-2017"),
        (
            "Kepala desa bikin keputusan yang menguntungkan paslon gubernur, sanksinya apa?",
            "uu-10-2016",
            "uu-7-2017",
        ),
    ],
)
def test_the_elections_own_law_is_cited(services: Any, question: str, own: str, other: str) -> None:
    answer = ask(services, question)
    assert own in regs(answer)
    assert other not in regs(answer)


# 6. Follow-ups change what they name and keep the rest.
def test_a_follow_up_about_pppk_is_answered_for_pppk(services: Any) -> None:
    first = ask(services, "PNS boleh jadi anggota partai?")
    answer = ask(services, "kalau PPPK gimana?", "PNS boleh jadi anggota partai?")
    assert answer.frame is not None
    assert answer.frame["actor"] == "pppk"
    assert answer.answer != first.answer
    assert answer.verdict == "dilarang"
    assert "pp-49-2018" in regs(answer) or "PPPK" in answer.answer


def test_a_follow_up_keeps_the_act_and_adds_its_modifiers(services: Any) -> None:
    answer = ask(
        services, "kalau di akun pribadi dan di luar jam kerja?", "ASN boleh like postingan caleg?"
    )
    assert answer.frame is not None
    assert answer.frame["modifiers"].get("hours") == "outside"
    assert answer.verdict == "dilarang"


def test_a_follow_up_naming_another_official_changes_the_actor(services: Any) -> None:
    first = ask(services, "Bupati boleh pakai mobil dinas buat kampanye?")
    answer = ask(services, "kalau camat?", "Bupati boleh pakai mobil dinas buat kampanye?")
    assert answer.frame is not None
    assert answer.frame["actor"] == "pejabat_struktural"
    assert answer.ruling_id != first.ruling_id
    assert answer.verdict == "dilarang"


@pytest.mark.parametrize(
    ("first", "follow_up"),
    [
        (
            "Walikota incumbent yang nyalon lagi wajib cuti gak pas kampanye?",
            "Yang ngasih cutinya siapa?",
        ),
        ("Gubernur petahana kampanye harus cuti?", "Cutinya diberikan oleh siapa?"),
        (
            "Does an incumbent regent running again have to take leave to campaign?",
            "Who grants it?",
        ),
    ],
)
def test_a_follow_up_asking_who_grants_it_gets_the_procedure_not_the_verdict(
    services: Any, first: str, follow_up: str
) -> None:
    answer = ask(services, follow_up, first)
    assert answer.frame is not None
    assert answer.frame["intent"] == "prosedur"
    assert answer.verdict is None
    assert cites(answer, "uu-10-2016/pasal-70/ayat-4")


def test_who_grants_the_leave_and_whom_it_is_reported_to_is_one_answer(services: Any) -> None:
    answer = ask(
        services,
        "Cuti bupati yang nyalon lagi itu siapa yang kasih izin, terus dilaporkan ke mana?",
    )
    assert answer.verdict is None
    assert cites(answer, "uu-10-2016/pasal-70/ayat-4")
    assert cites(answer, "uu-10-2016/pasal-70/ayat-5")


# Time windows: a prohibition that holds only "6 bulan sebelum tanggal penetapan pasangan calon"
# (UU 10/2016 Pasal 71 ayat (2)) gives no verdict for an act placed outside that window.
@pytest.mark.parametrize(
    "question",
    [
        "Bupati petahana mau mutasi pejabat 8 bulan sebelum penetapan calon, dilarang?",
        "Wali kota mengganti kepala dinas setahun sebelum penetapan pasangan calon, melanggar?",
    ],
)
def test_an_act_outside_the_window_gets_no_verdict_from_it(services: Any, question: str) -> None:
    answer = ask(services, question)
    assert answer.verdict is None
    assert "di luar jangka itu" in answer.answer
    assert cites(answer, "uu-10-2016/pasal-71/ayat-2")
    assert {c.unit_id for c in answer.citations} <= {s.unit_id for s in answer.sources}


def test_an_act_inside_the_window_keeps_the_rule(services: Any) -> None:
    # "dilarang ... kecuali mendapat persetujuan tertulis": the prohibition, with its exception.
    answer = ask(services, "Gubernur melantik pejabat 4 bulan sebelum penetapan paslon, boleh?")
    assert answer.verdict == "dilarang"
    assert "kecuali mendapat persetujuan tertulis" in answer.answer


def test_the_ministers_approval_is_the_condition_that_allows_it(services: Any) -> None:
    answer = ask(
        services,
        "Gubernur melantik pejabat 4 bulan sebelum penetapan paslon, sudah ada persetujuan "
        "tertulis Mendagri. Boleh?",
    )
    assert answer.verdict == "boleh_bersyarat"
    assert any("persetujuan tertulis" in c for c in answer.conditions)


def test_a_window_counted_from_another_event_is_left_to_the_calendar(services: Any) -> None:
    answer = ask(services, "bupati rotasi pejabat 9 bulan sebelum pencoblosan pilkada, boleh gak?")
    assert answer.verdict is None
    assert "jadwal KPU" in answer.answer


# Recording what others do is not the act recorded: no verdict borrowed from the act's ruling.
@pytest.mark.parametrize(
    "question",
    [
        "Camat merekam siapa saja staf yang hadir di kampanye petahana, boleh gak begitu?",
        "Kepala dinas mencatat nama ASN yang ikut kampanye caleg lalu dilaporkan ke bupati, boleh?",
    ],
)
def test_recording_others_gets_no_verdict_of_the_recorded_act(services: Any, question: str) -> None:
    answer = ask(services, question)
    assert answer.verdict is None
    assert answer.declined is not None or "mendata, merekam, atau mengawasi" in answer.answer


def test_a_civil_servant_photographed_with_a_candidate_is_still_their_own_conduct(
    services: Any,
) -> None:
    assert ask(services, "PNS yang difoto bersama caleg lalu fotonya diunggah, melanggar?").verdict


# An article number beyond the last article of a regulation the corpus holds whole is no article.
def test_an_article_beyond_a_whole_law_is_said_not_to_exist(services: Any) -> None:
    answer = ask(services, "Menurut Pasal 120 UU ASN 2023, PNS yang ikut kampanye dipecat?")
    assert answer.verdict is None
    assert "Pasal 1 sampai Pasal 77" in answer.answer
    assert "tidak ada Pasal 120" in answer.answer


def test_an_article_of_the_revoked_predecessor_is_pointed_to(services: Any) -> None:
    answer = ask(services, "apa bunyi pasal 119 UU ASN?")
    assert "UU 5/2014" in answer.answer
    assert "/pasal uu-5-2014 119" in answer.answer


def test_an_excerpted_regulation_never_claims_an_article_does_not_exist(services: Any) -> None:
    answer = ask(services, "PP 94/2021 Pasal 30 mengatur apa?")
    assert "tidak berarti pasal itu tidak ada" in answer.answer


# Not resigning once a candidate is its own act: PTDH (PP 11/2017 Pasal 254 ayat (4)).
@pytest.mark.parametrize(
    "question",
    [
        "PNS nyaleg tanpa mundur bisa dipecat?",
        "asn maju pilkada gak mau mundur, diberhentikan?",
    ],
)
def test_not_resigning_gets_the_dismissal_rule(services: Any, question: str) -> None:
    answer = ask(services, question)
    assert answer.verdict == "dilarang"
    assert cites(answer, "pp-11-2017/pasal-254/ayat-4")


# Resigning once confirmed as a candidate is the lawful route, not "not resigning".
def test_registering_first_and_resigning_once_confirmed_is_not_the_dismissal_rule(
    services: Any,
) -> None:
    answer = ask(services, "Sy PNS mau daftar jadi calon walikota, boleh mundurnya belakangan?")
    assert answer.verdict != "dilarang"
    assert not cites(answer, "pp-11-2017/pasal-254/ayat-4") or answer.verdict is None


# An official who tells the asker to act does not lend the asker the official's own permission.
@pytest.mark.parametrize(
    "question",
    [
        "Pak bupati (nyalon lagi) minta saya posting kegiatan kampanyenya di akun resmi dinas",
        "Gubernur menyuruh saya ikut kampanye dia minggu depan, boleh?",
    ],
)
def test_an_officials_request_does_not_lend_the_officials_permission(
    services: Any, question: str
) -> None:
    answer = ask(services, question)
    assert answer.verdict not in {"boleh", "boleh_bersyarat"}
    assert answer.ruling_id != "kepala-daerah-ikut-kampanye"


# An acting regional head (penjabat) is bound by Pasal 71 (ayat (4)) and not given the elected
# officials' campaign permission of Pasal 70 ayat (2).
@pytest.mark.parametrize(
    "question",
    [
        "Pj bupati di daerah kami ikut kampanye salah satu paslon, boleh?",
        "Is an acting governor allowed to campaign for a candidate in the regional election?",
        "penjabat walikota hadir di kampanye akbar paslon pakai mobil dinas, gimana?",
    ],
)
def test_an_acting_regional_head_gets_no_campaign_permission(services: Any, question: str) -> None:
    answer = ask(services, question)
    assert answer.verdict == "dilarang"
    assert cites(answer, "uu-10-2016/pasal-71/ayat-4")


# A question that names KASN is told, whatever answers it, that KASN no longer takes reports.
@pytest.mark.parametrize(
    "question",
    [
        "Kadis saya kampanye caleg di grup WA kantor, saya laporkan ke KASN ya?",
        "Where do I report a civil servant campaigning for a candidate, the KASN?",
        "Dulu ada KASN yang jaga netralitas, sekarang lapor ke mana?",
    ],
)
def test_naming_kasn_always_gets_the_correction(services: Any, question: str) -> None:
    answer = ask(services, question)
    said = " ".join([answer.answer, *answer.notes])
    assert "KASN berhenti menangani perkara" in said or "KASN tidak lagi" in said
    assert "lapor ke kasn" not in said.lower()
    assert cites(answer, "uu-20-2023/pasal-70")


# Someone on a candidate's team is not the one running: the candidacy rulings do not answer.
@pytest.mark.parametrize(
    "question",
    [
        "Guru PNS ikut timses cagub, UU Pilkada pasal mana yang berlaku?",
        "PNS jadi relawan paslon bupati, aturannya di pasal berapa?",
        "Can a civil servant join the winning team of a candidate for mayor?",
    ],
)
def test_joining_a_candidates_team_is_not_answered_as_candidacy(
    services: Any, question: str
) -> None:
    answer = ask(services, question)
    assert answer.verdict not in {"boleh", "boleh_bersyarat"}
    ruling = services.engine.catalog.rulings.get(answer.ruling_id or "")
    assert ruling is None or ruling.family != "pencalonan"
    assert not cites(answer, "uu-10-2016/pasal-7/ayat-2")


# English phrasings of who the asker is and of pressing staff to vote.
@pytest.mark.parametrize(
    "question",
    [
        "I'm employed by a private firm. Can I volunteer for a DPR candidate's campaign team?",
        "Working at a private company, may I join a presidential campaign team?",
    ],
)
def test_a_private_employee_in_english_is_told_the_asn_rules_do_not_bind_them(
    services: Any, question: str
) -> None:
    answer = ask(services, question)
    assert answer.frame is not None
    assert answer.frame["actor"] == "swasta"
    assert answer.verdict is None


def test_an_agency_head_pressing_staff_to_vote_gets_no_permission(services: Any) -> None:
    answer = ask(
        services, "My agency head pushes us to vote for the regent who is running again. Allowed?"
    )
    assert answer.frame is not None
    assert answer.frame["modifiers"].get("mobilising") == "yes"
    assert answer.verdict not in {"boleh", "boleh_bersyarat"}


def test_an_article_look_up_naming_kasn_also_gets_the_correction(services: Any) -> None:
    answer = ask(
        services, "UU 5/2014 Pasal 31 bilang KASN jaga netralitas, jadi lapor ke KASN kan?"
    )
    assert any("KASN berhenti menangani perkara" in note for note in answer.notes)
    assert cites(answer, "uu-20-2023/pasal-70")
    assert {c.unit_id for c in answer.citations} <= {s.unit_id for s in answer.sources}


# A definition asked of a regulation the corpus holds only in part is not answered from another.
def test_a_definition_of_a_partly_held_law_is_not_borrowed(services: Any) -> None:
    answer = ask(services, "Apa definisi kampanye pemilu menurut UU 7/2017?")
    assert answer.verdict is None
    assert "hanya memuat sebagian UU 7/2017" in answer.answer
    assert not regs(answer) - {"uu-7-2017"}


def test_a_definition_the_corpus_holds_is_still_quoted(services: Any) -> None:
    answer = ask(services, "pengertian pelanggaran disiplin menurut PP 94/2021?")
    assert cites(answer, "pp-94-2021/pasal-1")


# Working for a candidate is not attending as a listener, and telling others how to vote is not
# using one's own vote: neither borrows the permissive ruling of its neighbour.
@pytest.mark.parametrize(
    "question",
    [
        "Saya PNS diminta jadi penulis naskah pidato untuk calon walikota, dapat honor. Boleh nggak?",
        "asn bantu bikinin materi kampanye caleg di rumah, gratis, boleh?",
        "PNS ikut rapat warga lalu mengimbau warga mendukung calon bupati tertentu, boleh gak?",
        "Saya guru PNS, saya titip pesan ke orang tua murid lewat grup WA kelas agar memilih caleg"
        " tertentu. Boleh?",
    ],
)
def test_active_help_and_steering_votes_are_forbidden(services: Any, question: str) -> None:
    answer = ask(services, question)
    assert answer.verdict == "dilarang", answer.ruling_id
    assert answer.ruling_id not in {"ikut-kampanye", "hak-pilih"}


@pytest.mark.parametrize(
    "question",
    [
        "Guru PPPK menyuruh murid bilang ke orang tuanya untuk nyoblos capres nomor 1, melanggar?",
        "Saya PNS, apakah saya boleh menyuruh adik-adik saya memilih paslon tertentu?",
    ],
)
def test_telling_others_how_to_vote_never_gets_the_right_to_vote_answer(
    services: Any, question: str
) -> None:
    answer = ask(services, question)
    assert answer.ruling_id != "hak-pilih"
    assert answer.verdict in {None, "dilarang"}


# A party's or candidate's witness at the polling station is not a KPPS member: the corpus has no
# rule on it, so no verdict, and never the ad hoc bodies' statement or the party-membership ban.
@pytest.mark.parametrize(
    "question",
    [
        "Saya PPPK, diminta jadi saksi paslon di TPS waktu pilkada. Boleh?",
        "pns jadi saksi partai di tps boleh ga?",
        "Is a civil servant allowed to be a candidate's witness during vote counting?",
    ],
)
def test_a_witness_for_a_party_gets_no_borrowed_verdict(services: Any, question: str) -> None:
    answer = ask(services, question)
    assert answer.verdict is None
    assert answer.ruling_id not in {"asn-anggota-badan-adhoc", "anggota-parpol"}


def test_asking_netral_to_write_campaign_material_is_still_refused(services: Any) -> None:
    answer = ask(services, "tolong bikinin caption kampanye buat caleg nomor 3 dong")
    assert not answer.found
    assert answer.verdict is None


@pytest.mark.parametrize(
    "question",
    [
        "Bupati yang tidak mencalonkan diri lagi boleh kampanye untuk calon dari partainya?",
        "Gubernur yang gak nyalon lagi boleh jadi jurkam paslon bupati?",
    ],
)
def test_a_regional_head_not_running_again_campaigns_under_the_leave_rule(
    services: Any, question: str
) -> None:
    # Pasal 70 ayat (3) (no office facilities, leave) binds those who run again; ayat (2) allows
    # every regional head to campaign with the permit.
    answer = ask(services, question)
    assert answer.verdict == "boleh_bersyarat"
    assert cites(answer, "uu-10-2016/pasal-70/ayat-2")


@pytest.mark.parametrize(
    "question",
    [
        "Kepala bidang minta staf isi daftar hadir di acara kampanye caleg, boleh?",
        "Kepala dinas mewajibkan stafnya datang ke kampanye paslon gubernur, boleh?",
        "boleh ga sy ngajak staf2 nonton kampanye capres bareng?",
    ],
)
def test_summoning_staff_to_a_campaign_is_never_allowed(services: Any, question: str) -> None:
    # PP 94/2021 Pasal 5 huruf n angka 3: mobilising other PNS as campaign participants.
    assert ask(services, question).verdict == "dilarang"


def test_a_pppk_follow_up_on_mobilising_staff_gets_the_pppk_rule(services: Any) -> None:
    # The PPPK-specific attendance ruling leaves mobilising out; the PPPK's general ruling on
    # supporting candidates (UU 20/2023) stands in rather than "not covered".
    first = "boleh ga sy ngajak staf nonton kampanye capres bareng?"
    answer = ask(services, "kalau PPPK gimana?", first)
    assert answer.declined is None
    assert answer.verdict == "dilarang"
    assert cites(answer, "uu-20-2023")


@pytest.mark.parametrize(
    "question",
    [
        "Saya cuma karyawan biasa di bank BPD, bukan direksi. Boleh bantu kampanye cabup?",
        "Staf biasa BUMD boleh ikut tim sukses paslon walikota?",
    ],
)
def test_bumd_staff_in_a_pilkada_get_no_verdict_from_the_officials_ban(
    services: Any, question: str
) -> None:
    # UU 10/2016 Pasal 70 ayat (1) huruf a bars candidates from involving *pejabat* BUMN/BUMD;
    # ordinary staff are not named (unlike UU 7/2017 Pasal 280 ayat (2), which names karyawan).
    answer = ask(services, question)
    assert answer.frame is not None
    assert answer.frame["actor"] == "bumn_bumd"
    assert answer.verdict is None
    assert answer.ruling_id != "pilkada-paslon-libatkan-asn"


@pytest.mark.parametrize(
    "question", ["ASN boleh ikut kampanye?", "asn boleh ikut kampanye pemilu ga?"]
)
def test_a_civil_servant_asking_about_a_campaign_gets_the_civil_servants_rule(
    services: Any, question: str
) -> None:
    # Not the CPNS entry (PP 94/2021 Pasal 43 binds candidates for PNS only) and not "not covered".
    answer = ask(services, question)
    assert answer.declined is None
    assert answer.ruling_id != "calon-pns"
    assert cites(answer, "pp-94-2021/pasal-5/huruf-n/angka-1")


@pytest.mark.parametrize(
    ("question", "own", "other"),
    [
        (
            "guru PNS masuk tim pemenangan cawalkot, di UU Pilkada pasal berapa?",
            "uu-10-2016/pasal-70/ayat-1",
            "uu-7-2017",
        ),
        ("PNS jadi tim sukses caleg DPRD boleh?", "uu-7-2017/pasal-280/ayat-3", "uu-10-2016"),
    ],
)
def test_a_civil_servant_on_a_campaign_team_is_told_that_elections_law(
    services: Any, question: str, own: str, other: str
) -> None:
    answer = ask(services, question)
    assert answer.verdict == "dilarang"
    assert cites(answer, own), [c.unit_id for c in answer.citations]
    assert not cites(answer, other), [c.unit_id for c in answer.citations]


@pytest.mark.parametrize(
    "question",
    [
        "Seorang anggota DPD ingin maju sebagai calon walikota. Apakah ia wajib mundur?",
        "anggota dpr mau nyalon gubernur, hrs mundur gak?",
    ],
)
def test_a_legislator_running_for_regional_head_gets_the_pilkada_rule(
    services: Any, question: str
) -> None:
    # UU 10/2016 Pasal 7 ayat (2) huruf s; not the PNS resignation rules (PP 11/2017).
    answer = ask(services, question)
    assert answer.frame is not None
    assert answer.frame["election"] == "pilkada"
    assert cites(answer, "uu-10-2016/pasal-7/ayat-2"), [c.unit_id for c in answer.citations]
    assert regs(answer) == {"uu-10-2016"}
