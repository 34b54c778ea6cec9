"""What a question cites: regulations ("PP 94/2021", "Peraturan BKN 6/2022"), articles ("Pasal 5
huruf n angka 2") and quoted passages. Pure parsing; resolving against the corpus happens later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Regulation kinds, most specific first. The corpus holds uu, pp and skb; every other kind named
# in a question is by definition not in the corpus.
_KINDS: tuple[tuple[str, str], ...] = (
    ("perppu", r"perppu|perpu|peraturan pemerintah pengganti undang[- ]undang"),
    (
        "perbkn",
        r"peraturan (?:kepala )?(?:badan kepegawaian negara|bkn)|perka ?bkn|perbkn|peraturan badan",
    ),
    ("pkpu", r"peraturan (?:komisi pemilihan umum|kpu)|pkpu"),
    ("perbawaslu", r"peraturan (?:badan pengawas pemilihan umum|bawaslu)|perbawaslu"),
    ("kuhp", r"kuhp(?:erdata)?|kuh ?perdata|kitab undang[- ]undang hukum \w+"),
    # English names only before a number ("Law 7/2017"): "law" alone is a common word.
    ("uu", r"undang[- ]undang|uu|law(?=\s+(?:no\.?\s*|number\s+)?\d)"),
    ("pp", r"peraturan pemerintah|pp|government regulation(?=\s+(?:no\.?\s*|number\s+)?\d)"),
    ("perpres", r"peraturan presiden|perpres"),
    ("keppres", r"keputusan presiden|keppres|kepres"),
    ("inpres", r"instruksi presiden|inpres"),
    ("permen", r"peraturan menteri(?: \w+)?|permen\w*"),
    ("kepmen", r"keputusan menteri(?: \w+)?|kepmen\w*"),
    (
        "se",
        # "SE Mendagri": the issuer is part of the circular's name
        r"surat edaran(?: \w+)?|se(?:\s+(?:menpan\w*|kemenpan\w*|mendagri|kemendagri|bkn|kasn|bawaslu|menteri|kpu)\b|(?=\s+(?:nomor|no\b)))",
    ),
    ("skb", r"surat keputusan bersama|keputusan bersama|skb"),
    (
        "perda",
        r"peraturan daerah|perda|peraturan gubernur|pergub|peraturan bupati|perbup|peraturan wali ?kota|perwali?|qanun",
    ),
    ("putusan", r"putusan (?:mk|mahkamah konstitusi|dkpp|ma|mahkamah agung|ptun)"),
)
_KIND_RE = "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _KINDS)
_NUMBER = r"(?:\s+(?!no\b|nomor\b|tahun\b|pasal\b)[a-z-]{2,15}(?=\s+(?:no\.?\s*|nomor\s+)?\d))?(?:\s+(?:no\.?|nomor|nomer|nmr)\.?)?\s*(?P<number>\d+[a-z]?)\s*(?:/|tahun|thn\.?|th\.?)\s*(?P<year>(?:19|20)\d\d)\b"
_MENTION = re.compile(rf"\b(?:{_KIND_RE})\b(?:{_NUMBER})?", re.IGNORECASE)
_BARE_NUMBER = re.compile(
    r"\b(?:no\.?|nomor)\s*(?P<number>\d+[a-z]?)\s*(?:tahun|thn\.?|/)\s*(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
YEAR_AFTER = re.compile(r"\s*(?:tahun\s+)?(?P<year>(?:19|20)\d\d)\b")

_ARTICLE = re.compile(
    r"\b(?:pasal|psl\.?|ps\.|article|art\.)\s*(?P<pasal>\d+[a-z]?|[ivxlc]+\b)"
    r"(?:\s*(?:ayat|paragraph)\s*\(?\s*(?P<ayat>\d+[a-z]?)\s*\)?)?"
    r"(?:\s*(?:huruf|letter)\s*(?P<huruf>[a-z])\b)?"
    r"(?:\s*angka\s*(?P<angka>\d+))?",
    re.IGNORECASE,
)
_LAMPIRAN = re.compile(
    r"\blampiran\s+(?P<part>[ab])\s*(?:angka|nomor|no\.?|baris)?\s*(?P<angka>\d+)", re.IGNORECASE
)
_QUOTED = re.compile(r"[\"“”„«»]([^\"“”„«»]{12,})[\"“”„«»]|(?<!\w)[‘']([^‘’']{24,})[’'](?!\w)")


@dataclass(frozen=True)
class RegulationMention:
    """A regulation named in a question. `kind` is None for 'Nomor 20 Tahun 2023' alone."""

    kind: str | None
    number: str | None
    year: str | None
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class ArticleRef:
    """'Pasal 87 ayat (4) huruf c' → pasal '87', ayat '4', huruf 'c'. Lampiran rows use `pasal`
    'Lampiran B angka 5'."""

    pasal: str
    ayat: str | None
    huruf: str | None
    angka: str | None
    text: str
    start: int

    @property
    def label(self) -> str:
        parts = [self.pasal if self.pasal.startswith("Lampiran") else f"Pasal {self.pasal}"]
        if self.ayat:
            parts.append(f"ayat ({self.ayat})")
        if self.huruf:
            parts.append(f"huruf {self.huruf}")
        if self.angka and not self.pasal.startswith("Lampiran"):
            parts.append(f"angka {self.angka}")
        return " ".join(parts)


def regulation_mentions(text: str) -> list[RegulationMention]:
    """Every regulation the text names, with its kind, number and year when given."""
    found: list[RegulationMention] = []
    for m in _MENTION.finditer(text):
        kind = next(k for k, _ in _KINDS if m.group(k))
        number, year, end = m.group("number"), m.group("year"), m.end()
        if kind == "skb" and year is None:
            after = YEAR_AFTER.match(text, m.end())
            if after:
                year, end = after.group("year"), after.end()
        found.append(RegulationMention(kind, number, year, text[m.start() : end], m.start(), end))
    for m in _BARE_NUMBER.finditer(text):
        if not any(f.start <= m.start() < f.end for f in found):
            found.append(
                RegulationMention(
                    None, m.group("number"), m.group("year"), m.group(0), m.start(), m.end()
                )
            )
    return sorted(found, key=lambda f: f.start)


def article_refs(text: str) -> list[ArticleRef]:
    """Every article (or SKB lampiran row) the text names."""
    refs = [
        ArticleRef(
            m.group("pasal").upper(),
            m.group("ayat"),
            (m.group("huruf") or "").lower() or None,
            m.group("angka"),
            m.group(0),
            m.start(),
        )
        for m in _ARTICLE.finditer(text)
    ]
    refs += [
        ArticleRef(
            f"Lampiran {m.group('part').upper()} angka {m.group('angka')}",
            None,
            None,
            m.group("angka"),
            m.group(0),
            m.start(),
        )
        for m in _LAMPIRAN.finditer(text)
    ]
    return sorted(refs, key=lambda r: r.start)


def quoted_passage(text: str) -> str | None:
    """The longest passage in quotation marks that has at least four words."""
    spans = [m.group(1) or m.group(2) for m in _QUOTED.finditer(text)]
    spans = [s.strip() for s in spans if len(s.split()) >= 4]
    return max(spans, key=len) if spans else None
