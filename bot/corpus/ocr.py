"""Clean the OCR text layer of an official *salinan* before it is split into articles.

A salinan PDF printed by the Setneg / Kemenkumham presses carries page furniture that OCR mixes
into the legal text: the running header "PRESIDEN / REPUBLIK INDONESIA", page numbers "-12-",
printer codes "SK No 202812 A", the catch-word at the foot of each page that repeats the first
words of the next page, and the "Salinan sesuai dengan aslinya" certification stamp. Two layouts
occur and both are handled:

* line by line (one printed line per text line, pages separated by a blank line, CRLF or LF);
* run-on paragraphs (paragraphs already joined, noise and catch-words inline, e.g.
  "... negara; ,1, ),16 l(lh-5(., ^r, 5. membuat PFTESIDEN REPUBLIK INDONESIA 5. membuat ...").

Cleaning removes that furniture, repairs glyph errors that have only one possible reading, and
cuts run-on paragraphs at structural markers (Pasal headings, ayat, huruf, angka, BAB, Penjelasan
markers) so that every output line holds at most one structural unit. It never guesses a word:
every replacement is listed in a table below with the reason it is unambiguous, and the fixes
that depend on context (a split Pasal number) are applied only when the numbering sequence
proves them. Everything removed or changed is returned with its original line number.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

# ---------------------------------------------------------------------------------------------
# Result types
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One cleaned line. `source` is the 1-based line of the raw text it came from."""

    text: str
    source: int
    kind: str = "text"  # "text", or "pasal" for a recognised Pasal heading ("Pasal 11")


@dataclass(frozen=True)
class Change:
    """Something removed (`after` empty) or fixed, at a raw line."""

    line: int
    rule: str
    before: str
    after: str = ""


@dataclass
class CleanText:
    lines: list[Line]
    removed: list[Change] = field(default_factory=list)
    fixed: list[Change] = field(default_factory=list)

    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def removed_counts(self) -> dict[str, int]:
        return dict(Counter(change.rule for change in self.removed))


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    replacement: str = ""


def _rule(name: str, pattern: str, replacement: str = "", flags: int = 0) -> Rule:
    return Rule(name, re.compile(pattern, flags), replacement)


# ---------------------------------------------------------------------------------------------
# Tables: page furniture
# ---------------------------------------------------------------------------------------------

# OCR variants of the running header's first line: PRESIDEN, PR.ES!DEN, PRESTDEN, FRESIDEN,
# PFTESIDEN, PFIES IDEN. Letters other than P/R/E/S/I/D/N are what OCR makes of them.
_PRESIDEN = r"[PF][RF][RTI]?\.?E?S\s?[I!T]?\s?[I!T]?D\s?E\s?N"
# REPUBLIK and its variants (REPUBUK, REPUEUK, REPUELIK, REPUBIJK, REFUBUK, REPUBL|K, ...).
_REPUBLIK = r"RE[PF]U[BEI][A-Z|]{0,3}K"
# INDONESIA and its variants (INIX)NESIA, IHDONESIA, INDONESTA).
_INDONESIA = r"I[NH]\S{1,3}NES[IT]A"

# Whole lines that are page furniture (matched against the stripped line).
LINE_NOISE: tuple[Rule, ...] = (
    # Running header, first line, alone on its line. "PRESIDEN REPUBLIK INDONESIA," of the
    # Pembukaan and signature is one line with a comma, so it never matches.
    _rule("page-header", rf"^{_PRESIDEN}$"),
    # Running header, second line; a comma would mark the signature block, which is kept.
    _rule("page-header", rf"^(?:{_REPUBLIK}\s+)?{_INDONESIA}$"),
    # Page number between dashes or underscores, with OCR digits t/l/I/O: -2-, - 11-, _25_, -t7-.
    _rule("page-number", r"^[-_–—]\s*[\dtlLIiOoSs]{1,3}\s*[-_–—]$"),
    # Printer code: SK No 202812 A, SK No202818A, SK No 2028 12 A, SKNo 106893A.
    _rule("printer-code", r"^S\s?K\s?No\.?\s?[\dOlI][\dOlI ]{3,9}\s?A$"),
    # A lone glyph on a line ("I" before the title of UU 20/2023): a speck the scanner read.
    _rule("stray-glyph", r"^[IiLl|'`.,*~]$"),
)

# Page furniture inside a line (run-on layout, or a page number glued to the next word).
INLINE_NOISE: tuple[Rule, ...] = (
    _rule("printer-code", r"(?<!\S)S\s?K\s?No\.?\s?[\dOlI][\dOlI ]{3,9}\s?A(?!\w)"),
    # The running header inside a paragraph ("... membuat PFTESIDEN REPUBLIK INDONESIA 5. membuat
    # ..."): only when other text stands before it and no comma follows, unlike the Pembukaan.
    _rule("page-header", rf"(?<=\S)\s+{_PRESIDEN}\s+{_REPUBLIK}\s+{_INDONESIA}(?!\s*,)(?=\s|$)"),
    # Page number glued to the first word of the page: "-2t-Paragraf 6".
    _rule("page-number", r"^[-_]\s*[\dtlLIiO]{1,3}\s*[-_](?=[A-Z(])"),
    # Certification stamp in run-on text.
    _rule(
        "stamp",
        r"Salinan sesuai dengan aslinya(?:\s+KEMENTERIAN SEKRETARIAT NEGARA(?:\s+REPUBLIK INDONESIA)?)?",
    ),
)

# The stamp "Salinan sesuai dengan aslinya / KEMENTERIAN SEKRETARIAT NEGARA / <deputy> / <name>"
# is one block at the foot of the signature page; in the line layout it runs to the page end.
STAMP_START = re.compile(r"^Salinan sesuai dengan aslinya\b", re.I)
STAMP_MAX_LINES = 12

# ---------------------------------------------------------------------------------------------
# Tables: glyph errors with a single reading
# ---------------------------------------------------------------------------------------------

# Whole-token misreadings seen in salinan OCR; none of the wrong forms is an Indonesian word,
# and each has exactly one reading in context (the references' transcription notes list them).
WORD_FIXES: dict[str, str] = {
    "Ralryat": "Rakyat",
    "Ralcyat": "Rakyat",
    "Ralgrat": "Rakyat",
    "clalam": "dalam",
    "hurrrf": "huruf",
    "Humf": "Huruf",
    "rtrtin": "rutin",
    "T\\rnjangan": "Tunjangan",
    "menrpakan": "merupakan",
    "menJrusun": "menyusun",
    "lVlanqjerial": "Manajerial",
    "tertrs": "terus",
    "kineda": "kinerja",
    "Keda": "Kerja",
    "keda": "kerja",
    "Kcrja": "Kerja",
    "perjanj ian": "perjanjian",
    "Kewaj iban": "Kewajiban",
    "PF^IABAT": "PEJABAT",
    "Pegau,ai": "Pegawai",
    "pemndang-undangan": "perundang-undangan",
    "lrmbaran": "Lembaran",
    "l.embaran": "Lembaran",
    "l.,embaran": "Lembaran",
    "L,embaran": "Lembaran",
    "WTDODO": "WIDODO",
    "peduangan": "perjuangan",
    "dipertanggungiawabkan": "dipertanggungjawabkan",
    "sesual": "sesuai",
    "negaralbadan": "negara/badan",
    "dibenttrk": "dibentuk",
    "UNDANG.UNDANG": "UNDANG-UNDANG",
    "lndonesia": "Indonesia",
    "lnstansi": "Instansi",
    "McNetapKan": "Menetapkan",
    "menyalahgunakanwewenang": "menyalahgunakan wewenang",
    "perLlndang-undangan": "perundang-undangan",
    "penurLlnan": "penurunan",
    "pekerjaarr": "pekerjaan",
    "pNS": "PNS",
    "wqjib": "wajib",
    "Hukunran": "Hukuman",
    "KabupatenlKota": "Kabupaten/Kota",
    "lain-Iain": "lain-lain",
    "kampanye ltim": "kampanye/tim",
    "negAra": "negara",
    "lzin": "Izin",
    "padp.": "pada",
}


def _word_fix_pattern() -> re.Pattern[str]:
    words = sorted(WORD_FIXES, key=len, reverse=True)
    # Token boundaries rather than \b: some wrong forms contain punctuation ("Pegau,ai").
    return re.compile(r"(?<![\w.,^\\])(" + "|".join(re.escape(w) for w in words) + r")(?![\w^\\])")


_WORD_FIX = _word_fix_pattern()

# Context-free glyph repairs, applied in this order to every line.
GLYPH_FIXES: tuple[Rule, ...] = (
    # "^jelas", "^jabatan": the descender of j is read as a caret before the word.
    _rule("glyph:caret", r"\^(?=[a-z]{2})"),
    # "danf atau", "danlatau", "dan/ atau": the slash of dan/atau read as f or l, or split.
    _rule("glyph:dan/atau", r"\bdan(?:f |l|/ )atau\b", "dan/atau"),
    # "25o/o", "25oh": the percent sign read as o/o or oh after a number.
    _rule("glyph:percent", r"(?<=\d)\s?(?:o/o|oh)\b", "%"),
    # "(21huruf": closing parenthesis read as 1/l and the space lost; ayat numbers 2-9 only,
    # because "(11" could also be a real ayat (11) with its parenthesis lost.
    _rule("glyph:ayat", r"\(([2-9])[1lI](?=[a-z])", r"(\1) "),
    # "(21 Pegawai", "(41", "ayat (21,": same, followed by a space or punctuation.
    _rule("glyph:ayat", r"\(([2-9])[1lI](?![\w)])", r"(\1)"),
    # "ayat (2l,,": the doubled comma is a speck.
    _rule("glyph:punctuation", r",,", ","),
    # "{2)": an opening brace for a parenthesis.
    _rule("glyph:ayat", r"\{(\d)\)", r"(\1)"),
    # "ayat l2l": both parentheses read as l.
    _rule("glyph:ayat", r"\b([Aa]yat) l(\d)l\b", r"\1 (\2)"),
    # "tahun; 2l pemotongan": an angka marker "2)" whose parenthesis is read as l, at an item start.
    _rule("glyph:angka", r"(?:(?<=^)|(?<=[.;:] ))(\d)l(?= [a-z])", r"\1)"),
    # "Pasal22", "Pasal27...": the space after Pasal lost.
    _rule("glyph:space", r"\bPasal(?=\d)", "Pasal "),
    # "Ayat(21": the space before the ayat number lost.
    _rule("glyph:space", r"\bAyat(?=\()", "Ayat "),
    # "Hurufj": the space before the letter lost.
    _rule("glyph:space", r"\bHuruf(?=[a-z]\b)", "Huruf "),
    # "Undang- Undang", "perundang- undangan", "prinsip- prinsip": a hyphenated word broken at a
    # line end and joined back with a space.
    _rule("glyph:hyphen", r"(?<=\w)- (?=[a-z]|Undang)", "-"),
    # Quote marks read as o, ' or * around "asas ..." in a Penjelasan.
    _rule("glyph:quote", r"(?<=dengan )[o'*](?=asas\b)", '"'),
    _rule("glyph:quote", r"(?<=[a-z])'(?= adalah\b)", '"'),
)

# A 2-4 character number with O/o read for 0 and l/I/L for 1: 2Ol4, 3O21, L945, 1O, 4O, L2.
# Longer tokens ("2906l") stay: a trailing l there may be a closing parenthesis.
_GLYPH_NUMBER = re.compile(
    r"(?<![\w/-])(?=[0-9OoIlL]*\d)(?=[0-9OoIlL]*[OoIlL])[0-9OoIlL]{2,4}(?![\w/-])"
)
_DIGIT_GLYPHS = str.maketrans("OoIlL", "00111")
# Only to test a split or misread Pasal number against the numbering sequence (never applied
# on its own): T read for 7 and | for 1 as well.
_SEQUENCE_GLYPHS = str.maketrans("OoIlL|T", "0011117")

# ---------------------------------------------------------------------------------------------
# Tables: garbled printer codes in run-on text
# ---------------------------------------------------------------------------------------------

# In the run-on layout the printer code "SK No 106893 A" comes out as a short run of tokens
# such as ": il( i\\lo l(X.: 5.i A" or ",1, ),16 l(lh-5(., ^r,". A token is junk when it holds
# something no legal word holds: brackets, pipes, carets, punctuation between letters,
# parentheses glued inside a word, letters mixed with digits.
JUNK_TOKEN = re.compile(
    r"""[{}\[\]<>|\\^_!]          # brackets, pipes, carets, underscores
    | \w\( | \)\w | \(\) | \)\( | \)[.,;:'’]\S   # parentheses glued inside a token: l(X ),16 106).'/6
    | \w[.,;:'’]{1,3}\w         # punctuation between letters or digits: l.lo, l.,lo, f,trr, l'lo
    | ^[.,'’]\w                # a token opening with a period, comma or apostrophe: .11 ,t/ 't;
    | ^["'][a-z]{1,2}[,.:;]+$  # a quote, a letter or two, punctuation: "t,:
    | [A-Za-z]\d | \d[A-Za-z]  # letters mixed with digits: l06, lC6, l11
    | \w[,;:'’][.,;:'’-]       # a comma or apostrophe followed by more punctuation: lll,.- li''.
    | ^(?=[A-Za-z]*[a-z])[B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z]{4,}$  # no vowel: lrlrr, Llrl (not PNS, ttd)
    """,
    re.X,
)
# Tokens that look like junk but are legal text: amounts, dates, ordinals, degree abbreviations.
NOT_JUNK = re.compile(
    r"^(?:Rp\.?\s?)?\d{1,3}(?:[.,]\d{2,3})+[.,;:)]?$|^ke-\d+|^(?:[A-Z][a-z]{0,3}\.){2,}[,;]?$"
)
# Item markers and headings end a junk run.
_MARKER_TOKEN = re.compile(
    r"^(?:\(\d{1,2}\)|\d{1,2}[.)]|[a-z]\.|[Pp]asa[lI1i|\]!]|BAB|Bagian|Paragraf|Huruf|Ayat|Angka)$"
)
_SHORT_STOP = {"di", "ke", "se", "ya", "dan", "atau", "yang", "ini", "itu"}
_EDGE_PUNCT = ".,;:'\"’`"

# ---------------------------------------------------------------------------------------------
# Tables: structure used to cut run-on paragraphs
# ---------------------------------------------------------------------------------------------

_CUT = re.compile(
    r"""
      (?P<pasal>\b(?P<pword>[Pp]asa[lI1i|\]!])\s+(?P<pnum>[0-9OIlLT|]{1,3}(?:\s[0-9OIl](?![\w(]))?|[IVXLC]+)(?P<psuf>[A-Z])?(?![\w(]))
    | (?P<orphan>\bPasal(?=\s+(?:Pasal|Huruf|Ayat|Angka|Cukup)\b))
    | (?P<pdp>\bII\.\s+PASAL\s+DEMI\s+PASAL\b)
    | (?P<umum>\bI\.\s+UMUM\b)
    | (?P<penj>\bPENJELASAN\b)
    | (?P<pj>\b(?:Huruf\s+[a-zA-Z]{1,2}|Ayat\s+\(\w{1,2}\)|Angka\s+\d{1,2})(?=\s|$))
    | (?P<bab>\bBAB\s+[IVXLC]+\b)
    | (?P<bagian>\bBagian\s+Ke[a-z]+\b)
    | (?P<paragraf>\bParagraf\s+\d+\b)
    | (?P<agar>\bAgar\s+setiap\b)
    | (?P<sah>\b(?:Ditetapkan|Disahkan|Diundangkan)\s+di\b)
    | (?P<tln>\bTAMBAHAN\s+LEMBARAN\s+NEGARA\b)
    | (?P<ln>\bLEMBARAN\s+NEGARA\s+REPUBLIK\s+INDONESIA\s+TAHUN\b)
    | (?P<kw>\b(?:Menimbang|Mengingat|Menetapkan)\b|\bMEMUTUSKAN\b)
    | (?P<bare>(?<![\w(.,/-])\d{1,3}(?=\s+(?:Cukup|Ayat|Huruf|Yang|[A-Z])))
    | (?P<fmark>(?<=:\s)[fIl|!]\s\.\s)
    | (?P<smark>(?<=[.;:]\s)\d\s\d\.\s(?=[A-Z]))
    | (?P<ayat>(?<![\w(])\(\d{1,2}\)\s)
    | (?P<huruf>(?<![\w.])[a-z]\.\s)
    | (?P<angka>(?<![\w.(,/-])\d{1,2}[.)]\s)
    """,
    re.X,
)
# Words after which "Pasal N" is a reference ("sebagaimana dimaksud dalam Pasal 45"), never a
# heading that OCR glued to the end of the previous line.
_REFERENCE_WORDS = frozenset(
    (
        *("dalam", "pada", "dan", "atau", "dan/atau", "dengan", "sebagaimana", "dimaksud"),
        *("oleh", "menurut", "berdasarkan", "terhadap", "ketentuan", "serta", "jo", "jo."),
        *("juncto", "sesuai", "atas", "tentang", "yaitu", "yakni", "kecuali", "selain"),
        *("hingga", "sampai", "sebagai", "tersebut", "ke", "di", "dari", "bunyi", "lihat"),
        *("diatur", "mengatur", "diubah", "mengubah", "mencabut", "dicabut", "melanggar"),
        *("memenuhi", "melaksanakan", "menjadi", "ditambah", "disisipkan"),
    )
)
# What follows "Pasal N" in a reference to another act: "Pasal 12 Undang-Undang Nomor 5 ...".
_REFERENCE_TAIL = re.compile(
    r"^(?:(?:Undang-Undang|UU|Peraturan(?:\s+[A-Z][a-z]+){0,2}|Perppu|Perpu)\s+(?:Nomor|No\.)|Tahun\b)"
)
_SENTENCE_END = re.compile(r"(?:^|[.;:]|[;,]\s*(?:dan|atau|dan/atau)|\bCukup\s+jelas)\s*$")
_ROMAN = {
    "I": 1,
    "II": 2,
    "III": 3,
    "IV": 4,
    "V": 5,
    "VI": 6,
    "VII": 7,
    "VIII": 8,
    "IX": 9,
    "X": 10,
}


# ---------------------------------------------------------------------------------------------
# Pipeline
# ---------------------------------------------------------------------------------------------


@dataclass
class _Raw:
    no: int
    text: str
    blank: bool = False  # a blank line: a page boundary in the line-by-line layout
    noise: str = ""  # rule that removed the whole line


def clean_salinan(text: str) -> CleanText:
    """Remove page furniture from salinan OCR text and repair unambiguous glyph errors.

    Args:
        text: the OCR text layer (either layout; CRLF, LF or CR line ends).

    Returns:
        The cleaned lines (each with its raw line number), what was removed and what was fixed.
    """
    out = CleanText(lines=[])
    raws = [
        _Raw(i + 1, " ".join(line.split()))
        for i, line in enumerate(text.lstrip("\ufeff").splitlines())
    ]
    for raw in raws:
        raw.blank = not raw.text
        if not raw.blank:
            raw.text = _fix_glyphs(raw.text, raw.no, out)
    _remove_line_noise(raws, out)
    for raw in raws:
        if not raw.blank and not raw.noise:
            raw.text = _remove_inline_noise(raw.text, raw.no, out)
    _remove_junk_runs(raws, out)
    _remove_boundary_catchwords(raws, out)
    for raw in raws:
        if not raw.blank and not raw.noise:
            raw.text = _dedupe_inline(raw.text, raw.no, out)
    kept = [raw for raw in raws if not raw.blank and not raw.noise and raw.text]
    kept = _dedupe_prefix_lines(kept, out)
    out.lines = _Splitter(out).split(kept)
    return out


def _sub(rule: Rule, text: str, line: int, out: CleanText, removing: bool = False) -> str:
    """Apply one rule, recording every match."""

    def replace(match: re.Match[str]) -> str:
        after = match.expand(rule.replacement)
        if removing:
            out.removed.append(Change(line, rule.name, match.group(0).strip()))
        else:
            out.fixed.append(Change(line, rule.name, match.group(0), after))
        return after

    return rule.pattern.sub(replace, text)


def _fix_glyphs(text: str, line: int, out: CleanText) -> str:
    def word(match: re.Match[str]) -> str:
        out.fixed.append(Change(line, "glyph:word", match.group(1), WORD_FIXES[match.group(1)]))
        return WORD_FIXES[match.group(1)]

    text = _WORD_FIX.sub(word, text)
    for rule in GLYPH_FIXES:
        text = _sub(rule, text, line, out)

    def number(match: re.Match[str]) -> str:
        after = match.group(0).translate(_DIGIT_GLYPHS)
        out.fixed.append(Change(line, "glyph:digits", match.group(0), after))
        return after

    return _GLYPH_NUMBER.sub(number, text)


def _remove_line_noise(raws: list[_Raw], out: CleanText) -> None:
    stamp_left = 0  # lines still inside the certification stamp block
    for raw in raws:
        if raw.blank or raw.text.startswith(("PENJELASAN", "TAMBAHAN")):
            stamp_left = 0
        if raw.blank:
            continue
        if STAMP_START.match(raw.text):
            stamp_left = STAMP_MAX_LINES
        rule = next((r for r in LINE_NOISE if r.pattern.match(raw.text)), None)
        name = rule.name if rule else ("stamp" if stamp_left else "")
        stamp_left = max(stamp_left - 1, 0)
        if name:
            raw.noise = name
            out.removed.append(Change(raw.no, name, raw.text))


def _remove_inline_noise(text: str, line: int, out: CleanText) -> str:
    for rule in INLINE_NOISE:
        text = _sub(rule, text, line, out, removing=True)
    return " ".join(text.split())


# --- garbled printer codes -------------------------------------------------------------------


def _core(token: str) -> str:
    return token.strip(_EDGE_PUNCT)


def _is_junk(token: str) -> bool:
    # "Pasa]" has a bracket, but it is a misread heading word, not a printer code.
    return (
        bool(JUNK_TOKEN.search(token))
        and not NOT_JUNK.match(token)
        and not _MARKER_TOKEN.match(token)
    )


def _is_filler(token: str) -> bool:
    """A token that may sit inside a junk run: junk, punctuation, or a short non-word."""
    if _is_junk(token):
        return True
    core = _core(token)
    return len(core) <= 4 and not _MARKER_TOKEN.match(token) and core.lower() not in _SHORT_STOP


def _is_lead(token: str) -> bool:
    return _is_junk(token) or not _core(token) or token in set("lIi|1")


def _is_tail(token: str) -> bool:
    core = _core(token)
    size = 3 if core.isdigit() else 2  # the code's last digits ("165 A") or its final letter
    return (
        0 < len(core) <= size and not _MARKER_TOKEN.match(token) and core.lower() not in _SHORT_STOP
    )


def _remove_junk_runs(raws: list[_Raw], out: CleanText) -> None:
    """Find runs of junk tokens (garbled printer codes), also across a line end."""
    tokens: list[tuple[_Raw, re.Match[str]]] = []
    runs: list[list[tuple[_Raw, re.Match[str]]]] = []
    for raw in raws:
        if raw.blank or raw.noise:
            runs.append(tokens)
            tokens = []
            continue
        tokens.extend((raw, m) for m in re.finditer(r"\S+", raw.text))
    runs.append(tokens)
    spans: dict[int, list[tuple[int, int]]] = {}
    for stream in runs:
        words = [m.group(0) for _, m in stream]
        for start, end in _junk_spans(words):
            text = " ".join(words[start:end])
            out.removed.append(Change(stream[start][0].no, "printer-code", text))
            for raw, match in stream[start:end]:
                begin, stop = match.span()
                # "Cukup jelas .'ll( l.lo ..." : the period closes the sentence before the code.
                if match is stream[start][1] and _glued_period(words, start):
                    head = raw.text[:begin].rstrip()
                    raw.text = head + "." + " " * (stop - len(head) - 1) + raw.text[stop:]
                    begin = len(head) + 1
                spans.setdefault(id(raw), []).append((begin, stop))
    for raw in raws:
        for begin, end in sorted(spans.get(id(raw), []), reverse=True):
            raw.text = raw.text[:begin] + " " + raw.text[end:]
        raw.text = " ".join(raw.text.split())


def _glued_period(words: list[str], start: int) -> bool:
    """The first junk token carries the period of the sentence before it: ".'ll(" after "jelas"."""
    first = words[start]
    return (
        len(first) > 1
        and first[0] == "."
        and first[1] != "."
        and start > 0
        and words[start - 1][-1] not in ".;:,"
    )


def _junk_spans(tokens: list[str]) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        if not _is_filler(tokens[i]):
            i += 1
            continue
        j = i
        while j < len(tokens) and _is_filler(tokens[j]):
            j += 1
        span = _trim_run(tokens, i, j)
        if span:
            found.append(span)
        i = j
    return found


def _trim_run(tokens: list[str], start: int, end: int) -> tuple[int, int] | None:
    """Cut a filler run down to lead junk ... junk + at most three tail glyphs."""
    while start < end and not _is_lead(tokens[start]):
        start += 1
    junk = [k for k in range(start, end) if _is_junk(tokens[k])]
    if len(junk) < 2:
        return None
    stop = junk[-1] + 1
    while stop < end and stop - junk[-1] <= 3 and _is_tail(tokens[stop]):
        stop += 1
    if sum(len(t) + 1 for t in tokens[start:stop]) > 60:
        return None  # a printer code is short; a long run is damaged text, left for review
    return start, stop


# --- catch-words ---------------------------------------------------------------------------

_ELLIPSIS = re.compile(r"(?:\s?\.){2,}\s*$|…\s*$")


def _key(text: str) -> str:
    """Comparison key for catch-words: letters and digits only, glyph-confusable folded."""
    text = _ELLIPSIS.sub("", text)
    return re.sub(r"[^0-9a-z]", "", text.lower()).translate(str.maketrans("ilo", "110"))


def _first_word(text: str) -> str:
    words = text.split()
    return _key(words[0]) if words else ""


def _remove_boundary_catchwords(raws: list[_Raw], out: CleanText) -> None:
    """Line layout: drop the page-foot line that repeats the first words of the next page."""
    for b, raw in enumerate(raws):
        if not raw.blank:
            continue
        page = _page_before(raws, b)
        candidate, after_code = _catchword_candidate(raws, page)
        if candidate is None:
            continue
        nexts = _next_page_starts(raws, b)
        cand = raws[candidate]
        key = _key(cand.text)
        strict = any(key and _key(raws[n].text).startswith(key) for n in nexts)
        lenient = (
            (after_code or bool(_ELLIPSIS.search(cand.text)))
            and len(cand.text.split()) <= 3
            and any(_first_word(cand.text) == _first_word(raws[n].text) for n in nexts)
        )
        if strict or lenient:
            cand.noise = "catch-word"
            out.removed.append(Change(cand.no, "catch-word", cand.text))


def _page_before(raws: list[_Raw], boundary: int) -> list[int]:
    page: list[int] = []
    k = boundary - 1
    while k >= 0 and not raws[k].blank:
        page.append(k)
        k -= 1
    return page[::-1]


def _catchword_candidate(raws: list[_Raw], page: list[int]) -> tuple[int | None, bool]:
    codes = [k for k in page if raws[k].noise == "printer-code"]
    live = [k for k in page if not raws[k].noise]
    if not live:
        return None, False
    if codes:
        after = [k for k in live if k > codes[-1]]
        if after:
            return after[0], True
        before = [k for k in live if k < codes[-1]]
        return (before[-1], False) if before else (None, False)
    return live[-1], False


def _next_page_starts(raws: list[_Raw], boundary: int) -> list[int]:
    """First kept line after the boundary and first kept line after the running header."""
    starts: list[int] = []
    saw_header = False
    for k in range(boundary + 1, len(raws)):
        raw = raws[k]
        if raw.blank:
            break
        if raw.noise in ("page-header", "page-number"):
            saw_header = True
            continue
        if raw.noise:
            continue
        if not starts or saw_header:
            starts.append(k)
        if saw_header:
            break
    return starts


# Marker-led phrase repeated at once: "b. menjaga b. menjaga", "(2) Hukuman . (2) Hukuman",
# "Huruf n . Huruf n", "Ayat (2) Ayat (2)": the page-foot catch-word before the page's text.
_ITEM_MARKER = r"(?:\(\d{1,2}\)|[a-z]\.|\d{1,2}[.)])"
_HEAD_MARKER = (
    r"(?:[Pp]asa[lI1i|\]!] \d+[A-Z]?|BAB [IVXLC]+|Huruf [a-z]{1,2}|Ayat \(\d{1,2}\)|Angka \d{1,2})"
)
_MARKER = rf"(?:{_ITEM_MARKER}|{_HEAD_MARKER})"
INLINE_CATCHWORDS: tuple[Rule, ...] = (
    # An item marker needs a word with it: "ayat (2). (2) Dalam" is a reference then an item.
    _rule(
        "catch-word",
        rf"(?<!\S)(?P<w>{_ITEM_MARKER}(?: \S+){{1,3}}?)(?: ?\.){{0,3}} (?=(?P=w)(?!\S))",
    ),
    _rule(
        "catch-word",
        rf"(?<!\S)(?P<w>{_HEAD_MARKER}(?: \S+){{0,3}}?)(?: ?\.){{0,3}} (?=(?P=w)(?!\S))",
    ),
    # "Agar. . . Agar setiap": a plain word with an ellipsis, repeated at once.
    _rule("catch-word", r"(?<!\S)(?P<w>[A-Z][a-z]+)(?: ?\.){2,3} (?=(?P=w)\b)"),
)


def _dedupe_inline(text: str, line: int, out: CleanText) -> str:
    for rule in INLINE_CATCHWORDS:
        text = _sub(rule, text, line, out, removing=True)
    return text


def _dedupe_prefix_lines(lines: list[_Raw], out: CleanText) -> list[_Raw]:
    """A short marker-led line repeated as the start of the next line: "Pasal 10" / "Pasal 10 (1) ..."."""
    kept: list[_Raw] = []
    for k, raw in enumerate(lines):
        nxt = lines[k + 1].text if k + 1 < len(lines) else ""
        words = raw.text.split()
        if (
            nxt
            and len(words) <= 4
            and re.match(rf"^{_MARKER}", raw.text)
            and len(nxt) > len(raw.text)
            and nxt.startswith(raw.text.rstrip(" ."))
        ):
            out.removed.append(Change(raw.no, "catch-word", raw.text))
            continue
        kept.append(raw)
    return kept


# --- cutting run-on paragraphs ----------------------------------------------------------------


class _Splitter:
    """Cut lines at structural markers and recognise Pasal headings by their numbering."""

    def __init__(self, out: CleanText) -> None:
        self.out = out
        self.no = 0  # raw line being cut
        self.zone = "body"  # "body" until "PASAL DEMI PASAL", then "penjelasan"
        self.last = 0  # last accepted Pasal number in this zone
        self.last_suffix = ""
        self.amending = False  # headings are Pasal I, Pasal II ... (an amending act)
        self.may_amend = False  # the text has a "Pasal II" heading, so "Pasal I" is roman
        self.orphans = 0  # bare "Pasal" words waiting for their number (Penjelasan columns)
        self.started = False  # a Pasal heading has been seen
        self.zone_started = False  # a Pasal heading has been seen in this zone
        self.previous = ""  # the raw line before the one being cut

    def split(self, raws: list[_Raw]) -> list[Line]:
        self.may_amend = any(
            re.fullmatch(r"Pasal II", raw.text) or re.search(r"[.;:] Pasal II [A-Z]", raw.text)
            for raw in raws
        )
        lines: list[Line] = []
        for index, raw in enumerate(raws):
            nxt = raws[index + 1].text if index + 1 < len(raws) else ""
            self.previous = raws[index - 1].text if index else ""
            lines.extend(self._split_line(raw, nxt))
        return [line for line in lines if line.text]

    def _split_line(self, raw: _Raw, next_text: str) -> list[Line]:
        self.no = raw.no
        text, pieces, cut = raw.text, [], 0
        for match in _CUT.finditer(text):
            if match.start() < cut:
                continue
            before = text[cut : match.start()].strip()
            decision = self._decide(match, text, before, cut, next_text)
            if decision is None:
                continue
            if before:
                pieces.append(Line(before, raw.no))
            heading, end = decision
            if heading is not None:
                pieces.append(heading)
            cut = end if heading is not None or end else match.start()
        rest = text[cut:].strip()
        if rest:
            pieces.append(Line(rest, raw.no))
        return pieces

    def _decide(
        self, match: re.Match[str], text: str, before: str, cut: int, next_text: str
    ) -> tuple[Line | None, int] | None:
        """None: no cut. (None, 0): cut before the match. (line or None, end): cut after the match."""
        kind = match.lastgroup or ""
        head = text[: match.start()]
        boundary = (cut > 0 and not before) or bool(_SENTENCE_END.search(head))
        titled = boundary or not re.search(r"(?:\b[a-z][\w/-]*|,)\s*$", head)
        standalone = not head.strip()
        if kind == "pasal":
            return self._pasal(match, text, titled, next_text)
        if kind in ("orphan", "bare"):
            return self._orphan(kind, match, boundary)
        if kind == "pdp":
            self.zone, self.last, self.last_suffix, self.orphans = "penjelasan", 0, "", 0
            self.zone_started = False
            return Line(match.group(0), self.no), match.end()
        if kind == "umum":
            return Line(match.group(0), self.no), match.end()
        if kind == "pj":
            if self.zone != "penjelasan" or not (titled or self._after_marker(head)):
                return None
            return Line(" ".join(match.group(0).split()), self.no), match.end()
        if kind in ("penj", "tln", "ln"):
            return None if standalone else (None, 0)
        if kind in ("bab", "bagian", "paragraf", "agar", "sah"):
            return (None, 0) if titled and not standalone else None
        if kind == "kw":
            return (None, 0) if not self.started and titled and not standalone else None
        return (None, 0) if boundary and not standalone else None  # ayat, huruf, angka markers

    @staticmethod
    def _after_marker(head: str) -> bool:
        return bool(
            re.search(
                r"(?:Huruf\s+[a-zA-Z]{1,2}|Ayat\s+\(\w{1,2}\)|Angka\s+\d{1,2}|Pasal\s+\w+)\s*$",
                head,
            )
        )

    def _orphan(
        self, kind: str, match: re.Match[str], boundary: bool
    ) -> tuple[Line | None, int] | None:
        """Penjelasan printed in columns: "Pasal Pasal Pasal ... 12 Cukup jelas. 13 Cukup jelas."."""
        if self.zone != "penjelasan" or not boundary:
            return None
        if kind == "orphan":
            self.orphans += 1
            self.out.removed.append(Change(self.no, "layout:orphan-pasal-word", "Pasal"))
            return None, match.end()
        number = int(match.group(0))
        if not self.orphans or number != self.last + 1:
            return None
        self.orphans -= 1
        self.last, self.last_suffix = number, ""
        self.out.fixed.append(
            Change(self.no, "layout:orphan-pasal", match.group(0), f"Pasal {number}")
        )
        return Line(f"Pasal {number}", self.no, "pasal"), match.end()

    def _pasal(
        self, match: re.Match[str], text: str, titled: bool, next_text: str
    ) -> tuple[Line | None, int] | None:
        """A Pasal heading, or None for a reference ("dalam Pasal 5 huruf b").

        A clean "Pasal N" where a heading can stand is accepted within the numbering window. A
        misread word ("Pasa]", "PasaI", "Pasai", "pasal") or a heading glued to the end of the
        previous sentence is accepted only as exactly the next number (or, alone on its line,
        within the window), never after a word that introduces a reference, and is reported.
        """
        head = text[: match.start()]
        tail = text[match.end() :].lstrip()
        follow = tail or next_text
        if follow and (follow[0].islower() or follow[0] in ",;"):
            return None  # a reference: "dalam Pasal 5 huruf b", "Pasal 20 dan Pasal 21"
        misread = match.group("pword") != "Pasal"
        glued = not titled
        after_reference = (
            not head.strip() and self._last_word(self.previous) in _REFERENCE_WORDS
        )  # "... dimaksud dalam" / "Pasal 45 ...": a reference broken over two lines
        if after_reference and (misread or _REFERENCE_TAIL.match(follow)):
            # A clean "Pasal N" needs the other act's name after it as well: a stray word out
            # of reading order may end the line before a heading ("dalam" before UU 20/2023
            # Pasal 15).
            return None
        if glued and (
            self._last_word(head) in _REFERENCE_WORDS or not re.match(r"^(?:\(1\)\s|[A-Z]|$)", tail)
        ):
            return None
        if (misread or glued) and _REFERENCE_TAIL.match(follow):
            return None  # "Pasal 12 Undang-Undang Nomor 5 ...": another act's article
        standalone = not tail and not head.strip()
        raw_number, suffix = match.group("pnum"), match.group("psuf") or ""
        if misread or glued:
            number = self._accept_next(raw_number, suffix, standalone)
        else:
            # The first heading of a text that starts mid-way (missing pages, an excerpt) may
            # have any number, but only where nothing else can stand: alone or before "(1)".
            first = not self.zone_started and (not tail or tail.startswith("(1) "))
            number = self._accept(raw_number, suffix, standalone=not tail, first=first)
        if number is None:
            return None
        self.started = self.zone_started = True
        found = " ".join(match.group(0).split())
        if glued:
            self.out.fixed.append(
                Change(
                    self.no,
                    "layout:glued-pasal-heading",
                    f"…{head[-30:]}{found}",
                    f"Pasal {number}",
                )
            )
        elif misread:
            self.out.fixed.append(
                Change(self.no, "sequence:pasal-heading", found, f"Pasal {number}")
            )
        elif found != f"Pasal {number}":
            self.out.fixed.append(
                Change(self.no, "sequence:pasal-number", match.group(0), f"Pasal {number}")
            )
        return Line(f"Pasal {number}", self.no, "pasal"), match.end()

    @staticmethod
    def _last_word(text: str) -> str:
        words = text.split()
        return words[-1].lower().strip(",") if words else ""

    def _accept_next(self, raw_number: str, suffix: str, standalone: bool) -> str | None:
        """A doubtful heading's number: exactly the next one (alone on its line: in the window)."""
        if self.amending:
            return None
        folded = raw_number.replace(" ", "").translate(_SEQUENCE_GLYPHS)
        if not folded.isdigit():
            return None
        value = int(folded)
        if value == self.last + 1 or (standalone and self.last < value <= self.last + 10):
            self.last, self.last_suffix = value, suffix
            return f"{value}{suffix}"
        return None

    def _accept(
        self, raw_number: str, suffix: str, standalone: bool, first: bool = False
    ) -> str | None:
        """The Pasal number when the numbering sequence allows it, else None."""
        if self.may_amend and raw_number in _ROMAN and (self.amending or self.last == 0):
            # An amending act numbers its articles I, II, ...; after an arabic heading,
            # "Pasal II" is rather a misread "Pasal 11" (tried below).
            value = _ROMAN[raw_number]
            if value == self.last + 1:
                self.amending, self.last = True, value
                return raw_number
            return None
        if self.amending:
            return None  # inside an amending act, arabic Pasal lines belong to the amended text
        if raw_number.isdigit():
            value = int(raw_number)
            window = 10 if standalone else 3  # a gap of a few Pasal = pages missing from the scan
            if self.last < value <= self.last + window or (first and value > self.last):
                self.last, self.last_suffix = value, suffix
                return f"{value}{suffix}"
            if value == self.last and suffix > self.last_suffix:
                self.last_suffix = suffix
                return f"{value}{suffix}"
            return None
        folded = raw_number.replace(" ", "").translate(_SEQUENCE_GLYPHS)
        # A split or misread number is accepted only when it is exactly the next in sequence.
        if folded.isdigit() and int(folded) == self.last + 1:
            self.last, self.last_suffix = int(folded), suffix
            return f"{int(folded)}{suffix}"
        return None
