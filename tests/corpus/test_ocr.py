"""Cleaning salinan OCR text: page furniture, catch-words, glyph errors, run-on paragraphs."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.corpus.ocr import clean_salinan

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "salinan"


def fixture(name: str) -> str:
    # newline="" keeps CRLF / LF exactly as in the file.
    with open(FIXTURES / name, encoding="utf-8", newline="") as handle:
        return handle.read()


def texts(raw: str) -> list[str]:
    return [line.text for line in clean_salinan(raw).lines]


# --- page furniture ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "PRESIDEN",
        "PR.ES!DEN",
        "PRESTDEN",
        "FRESIDEN",
        "REPUBLIK INDONESIA",
        "REPUBLTK INDONESIA",
        "REPUBLIK INDONESTA",
        "REPUBUK INIX)NESIA",
        "REPUBIJK IHDONESIA",
        "REPUBL|K INDONESIA",
    ],
)
def test_page_header_variants_are_removed(header: str) -> None:
    clean = clean_salinan(f"Pegawai ASN wajib:\n{header}\na. setia;\n")
    assert [line.text for line in clean.lines] == ["Pegawai ASN wajib:", "a. setia;"]
    assert clean.removed_counts() == {"page-header": 1}


@pytest.mark.parametrize(
    "number", ["-2-", "- 12 -", "-12-", "- 11-", "_25_", "-t7-", "-7 -", "_ 10_"]
)
def test_page_numbers_are_removed(number: str) -> None:
    assert texts(f"a. setia;\n{number}\nb. taat.\n") == ["a. setia;", "b. taat."]


@pytest.mark.parametrize(
    "code", ["SK No 202812 A", "SK No 2028 12 A", "SKNo 106893A", "SK No202818A"]
)
def test_printer_codes_are_removed(code: str) -> None:
    clean = clean_salinan(f"a. setia;\n{code}\nb. taat.\n")
    assert [line.text for line in clean.lines] == ["a. setia;", "b. taat."]
    assert clean.removed_counts() == {"printer-code": 1}


def test_signature_lines_with_a_comma_are_kept() -> None:
    raw = "Disahkan di Jakarta\nPRESIDEN REPUBLIK INDONESIA,\nttd.\nMENTERI SEKRETARIS NEGARA\nREPUBLIK INDONESIA,\n"
    assert texts(raw) == raw.splitlines()


def test_page_number_glued_to_the_first_word_is_removed() -> None:
    assert texts("-2t-Paragraf 6\nPengembangan Talenta\n") == ["Paragraf 6", "Pengembangan Talenta"]


def test_certification_stamp_is_removed_to_the_page_end() -> None:
    clean = clean_salinan(fixture("uu-20-2023.penutup-stamp.txt"))
    lines = [line.text for line in clean.lines]
    assert "LEMBARAN NEGARA REPUBLIK INDONESIA TAHUN 2023 NOMOR 141" in lines
    assert (
        lines[lines.index("LEMBARAN NEGARA REPUBLIK INDONESIA TAHUN 2023 NOMOR 141") + 1]
        == "PENJELASAN"
    )
    stamp = [change.before for change in clean.removed if change.rule == "stamp"]
    assert stamp == [
        "Salinan sesuai dengan aslinya",
        "KEMENTERIAN SEKRETARIAT NEGARA",
        "K INDONESIA",
        "dangan",
        "Hukum,",
        "Djaman",
    ]


# --- catch-words ---------------------------------------------------------------------------


def test_catch_word_at_the_page_foot_is_removed() -> None:
    raw = "(1) Pegawai ASN wajib:\r\na. setia;\r\nSK No 202813 A\r\nb. menaati\n\nPRESIDEN\r\nREPUBLIK INDONESIA\r\n-14-\r\nb. menaati ketentuan;\r\n"
    clean = clean_salinan(raw)
    assert [line.text for line in clean.lines] == [
        "(1) Pegawai ASN wajib:",
        "a. setia;",
        "b. menaati ketentuan;",
    ]
    assert [(c.line, c.before) for c in clean.removed if c.rule == "catch-word"] == [
        (4, "b. menaati")
    ]


def test_catch_word_with_ellipsis_before_the_printer_code_is_removed() -> None:
    raw = "e. lingkungan...\r\nSK No 202811 A\r\n\nPRESTDEN\r\nREPUEIJK INDONESIA\r\n-12-\r\ne. lingkungan kerja;\r\n"
    assert texts(raw) == ["e. lingkungan kerja;"]


def test_page_foot_line_is_kept_when_the_next_page_starts_differently() -> None:
    raw = "(3) Jabatan pelaksana bertanggung jawab.\r\nSK No 202809 A\n\nPRESIDEN\r\nREPUBUK INDONESIA\r\n-10-\r\nPasal 16\r\n"
    assert texts(raw)[0] == "(3) Jabatan pelaksana bertanggung jawab."


def test_inline_catch_word_repeated_before_the_page_text_is_removed() -> None:
    raw = 'a. setia kepada negara; "t,: [..16 l()rr-16,: , ^A b. menjaga b. menjaga persatuan bangsa;\n'
    assert texts(raw) == ["a. setia kepada negara;", "b. menjaga persatuan bangsa;"]


def test_inline_header_between_a_catch_word_and_its_repeat_is_removed() -> None:
    raw = "4. sebagai peserta kampanye; 5. membuat PFTESIDEN REPUBLIK INDONESIA 5. membuat keputusan;\n"
    assert texts(raw) == ["4. sebagai peserta kampanye;", "5. membuat keputusan;"]


def test_a_reference_followed_by_an_item_is_not_taken_for_a_catch_word() -> None:
    raw = "c. sebagaimana dimaksud dalam Pasal 8 ayat (21. (2) Dalam hal tidak terdapat jabatan pengawas.\n"
    assert texts(raw) == [
        "c. sebagaimana dimaksud dalam Pasal 8 ayat (2).",
        "(2) Dalam hal tidak terdapat jabatan pengawas.",
    ]


def test_repeated_heading_line_is_kept_once() -> None:
    clean = clean_salinan(
        "d. memberikan kesempatan.\nPasal 10\nPasal 10 (1) Hukuman Disiplin sedang.\n"
    )
    assert [(line.text, line.kind) for line in clean.lines] == [
        ("d. memberikan kesempatan.", "text"),
        ("Pasal 10", "pasal"),
        ("(1) Hukuman Disiplin sedang.", "text"),
    ]


# --- garbled printer codes in run-on text ----------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "d. tanpa izin; : il( i\\lo l(X.:\n5.i A e. bekerja pada perusahaan asing;\n",
            ["d. tanpa izin;", "e. bekerja pada perusahaan asing;"],
        ),
        (
            "4. dengan fasilitas negara; ,1, ),16 l(lh-5(., ^r, 5. membuat keputusan;\n",
            ["4. dengan fasilitas negara;", "5. membuat keputusan;"],
        ),
        (
            "(1) satu tahun; ' ,t/ f,trr | ()(r 165 A 3) pemberhentian.\n",
            ["(1) satu tahun;", "3) pemberhentian."],
        ),
        (
            "Huruf b Cukup ^jelas .'ll( l.lo l0(..'S7 A Huruf c Cukup ^jelas.\n",
            ["Huruf b Cukup jelas. Huruf c Cukup jelas."],
        ),
    ],
)
def test_garbled_printer_codes_inside_paragraphs_are_removed(raw: str, expected: list[str]) -> None:
    clean = clean_salinan(raw)
    assert [line.text for line in clean.lines] == expected
    assert clean.removed_counts().get("printer-code") == 1


def test_legal_tokens_that_look_odd_are_not_taken_for_printer_codes() -> None:
    raw = "paling sedikit Rp600.000,00 (enam ratus ribu rupiah), S.H., M.H. dan ttd. ke-15 (lima belas) hari.\n"
    assert texts(raw) == [raw.strip()]


# --- glyph errors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("(21 Pegawai ASN harus bebas.", "(2) Pegawai ASN harus bebas."),
        ("(41 Ketentuan lebih lanjut.", "(4) Ketentuan lebih lanjut."),
        (
            "sebagaimana dimaksud pada ayat (21huruf c dapat berupa.",
            "sebagaimana dimaksud pada ayat (2) huruf c dapat berupa.",
        ),
        (
            "Undang-Undang Nomor 5 Tahun 2Ol4 tentang ASN.",
            "Undang-Undang Nomor 5 Tahun 2014 tentang ASN.",
        ),
        (
            "Tambahan Lembaran Negara Nomor 3O21) dicabut.",
            "Tambahan Lembaran Negara Nomor 3021) dicabut.",
        ),
        ("Republik Indonesia Tahun L945;", "Republik Indonesia Tahun 1945;"),
        (
            "calon anggota Dewan Perwakilan Ralryat dan Ralcyat.",
            "calon anggota Dewan Perwakilan Rakyat dan Rakyat.",
        ),
        ("pribadi, seseorang, danf atau golongan;", "pribadi, seseorang, dan/atau golongan;"),
        ("Unit Kerja danlatau instansi;", "Unit Kerja dan/atau instansi;"),
        ("sebesar 25o/o (dua puluh lima persen);", "sebesar 25% (dua puluh lima persen);"),
        ("sebesar 25oh (dua puluh lima persen);", "sebesar 25% (dua puluh lima persen);"),
        ("Cukup ^jelas.", "Cukup jelas."),
        ("a. menyalahgunakanwewenang;", "a. menyalahgunakan wewenang;"),
        ("setia kepada Undang- Undang Dasar;", "setia kepada Undang-Undang Dasar;"),
    ],
)
def test_unambiguous_glyph_errors_are_fixed(raw: str, fixed: str) -> None:
    assert texts(raw + "\n") == [fixed]


@pytest.mark.parametrize(
    "raw",
    [
        "Tambahan Lembaran Negara Republik Indonesia Nomor 2906l. dan peraturan pelaksanaannya",  # l or )?
        "(11 Pegawai ASN melaksanakan kebijakan.",  # (1) or (11)?
        "sebagaimana dimaksud dalam Pasal 5 huruf k;",  # "k;" is a letter, not "ke"
        "sebagaimana dimaksud dalam Pasal 3 huruf B, apabila",  # B for g? a guess
        "Konstitusi Nomor 87 IPUU-)<\\II I 2018 mengenai",  # damaged beyond one reading
    ],
)
def test_ambiguous_readings_are_left_alone(raw: str) -> None:
    clean = clean_salinan(raw + "\n")
    assert [line.text for line in clean.lines] == [raw]
    assert clean.fixed == []


def test_split_pasal_number_is_joined_when_the_sequence_proves_it() -> None:
    clean = clean_salinan(
        "Pasal 10\nPegawai ASN berfungsi.\nPasal I 1\nPegawai ASN bertugas.\nPasal 12\nPegawai ASN berperan.\n"
    )
    assert [line.text for line in clean.lines if line.kind == "pasal"] == [
        "Pasal 10",
        "Pasal 11",
        "Pasal 12",
    ]
    assert [(c.line, c.before, c.after) for c in clean.fixed] == [(3, "Pasal I 1", "Pasal 11")]


def test_split_pasal_number_is_left_when_the_sequence_does_not_prove_it() -> None:
    clean = clean_salinan(
        "Pasal 5\nPegawai ASN terdiri atas PNS.\nPasal 1 1\nPegawai ASN bertugas.\n"
    )
    assert [(line.text, line.kind) for line in clean.lines][2] == ("Pasal 1 1", "text")


def test_inserted_pasal_with_a_letter_follows_its_number() -> None:
    clean = clean_salinan("Pasal 12\nIsi.\nPasal 12A\nIsi.\nPasal 13\nIsi.\n")
    assert [line.text for line in clean.lines if line.kind == "pasal"] == [
        "Pasal 12",
        "Pasal 12A",
        "Pasal 13",
    ]


def test_pasal_ii_after_pasal_10_is_a_misread_pasal_11() -> None:
    clean = clean_salinan("Pasal 10\nIsi.\nPasal II\nIsi.\nPasal 12\nIsi.\n")
    assert [line.text for line in clean.lines if line.kind == "pasal"] == [
        "Pasal 10",
        "Pasal 11",
        "Pasal 12",
    ]


def test_pasal_reference_at_a_line_start_is_not_a_heading() -> None:
    clean = clean_salinan(
        "Pasal 16\nKetentuan lebih lanjut sebagaimana dimaksud dalam\nPasal 17\ndiatur dalam Peraturan Pemerintah.\n"
    )
    assert [line.text for line in clean.lines if line.kind == "pasal"] == ["Pasal 16"]


# --- layouts -------------------------------------------------------------------------------


def test_crlf_and_lf_give_the_same_lines() -> None:
    raw = fixture("uu-20-2023.pasal-4-15.txt")
    assert texts(raw) == texts(raw.replace("\r\n", "\n")) == texts(raw.replace("\r\n", "\r"))


def test_run_on_paragraphs_are_cut_at_structural_markers() -> None:
    raw = "PNS wajib menaati kewajiban. Bagian Kedua Kewajiban\nPasal 3\nPNS wajib: a. setia; b. menjaga persatuan; dan c. taat. Pasal 4 (1) Hukuman Disiplin ringan.\n"
    assert texts(raw) == [
        "PNS wajib menaati kewajiban.",
        "Bagian Kedua Kewajiban",
        "Pasal 3",
        "PNS wajib:",
        "a. setia;",
        "b. menjaga persatuan; dan",
        "c. taat.",
        "Pasal 4",
        "(1) Hukuman Disiplin ringan.",
    ]


def test_pp_pasal_5_excerpt_is_clean_and_one_item_per_line() -> None:
    lines = texts(fixture("pp-94-2021.pasal-5.txt"))
    assert lines[:3] == ["Pasal 5", "PNS dilarang:", "a. menyalahgunakan wewenang;"]
    assert "f . ikut kampanye;" in lines  # the list marker is settled by the list sequence (ingest)
    assert [line for line in lines if line.startswith(("4. ", "5. "))] == [
        "4. sebagai peserta kampanye dengan menggunakan fasilitas negara;",
        "5. membuat keputusan dan/atau tindakan yang menguntungkan atau merugikan salah satu pasangan calon sebelum, selama, dan sesudah masa kampanye;",
    ]
    assert lines[-1] == "Pasal 6"


def test_pp_excerpt_catch_words_and_glyphs() -> None:
    clean = clean_salinan(fixture("pp-94-2021.pasal-9-10.txt"))
    lines = [line.text for line in clean.lines]
    assert (
        lines.count(
            "(2) Hukuman Disiplin ringan sebagaimana dimaksud dalam Pasal 8 ayat (1) huruf a dijatuhkan bagi PNS yang tidak memenuhi ketentuan:"
        )
        == 1
    )
    assert [line.text for line in clean.lines if line.kind == "pasal"] == [
        "Pasal 9",
        "Pasal 10",
        "Pasal 11",
    ]
    assert any(line.startswith("2) pemotongan tunjangan kinerja sebesar 25% ") for line in lines)
    assert {"(2) Hukuman .", "Pasal 10"} <= {
        c.before for c in clean.removed if c.rule == "catch-word"
    }


def test_every_removal_and_fix_carries_its_raw_line_number() -> None:
    clean = clean_salinan(fixture("uu-20-2023.pasal-4-15.txt"))
    raw = fixture("uu-20-2023.pasal-4-15.txt").splitlines()
    for change in clean.removed + clean.fixed:
        assert change.before.split()[0] in raw[change.line - 1], change
    assert {(c.line, c.before) for c in clean.removed if c.rule == "catch-word"} == {
        (32, "Pasal 6"),
        (69, "Bagian"),
        (103, "Bagian"),
    }


def test_whole_uu_fixture_noise_counts() -> None:
    clean = clean_salinan(fixture("uu-20-2023.salinan.txt"))
    assert clean.removed_counts() == {
        "page-header": 87,
        "page-number": 42,
        "printer-code": 44,
        "catch-word": 42,
        "stamp": 6,
        "stray-glyph": 1,
    }
    assert not any(line.text.startswith(("SK No", "PRESIDEN\n", "-")) for line in clean.lines)
