"""Content checks on a model reply: what it says, not only what it cites.

A reply that passed the citation and quotation checks may still take sides in an election, send
the user to KASN (dissolved), present a revoked regulation as in force, echo its instructions or a
secret, or link outside the corpus' sources. Each is a `Problem`; any one keeps the reply from being
shown (the composer falls back to the extractive answer and counts the reason).

Pure: text and a `Policy` in, problems out. Verbatim quotations (already checked against the cited
units) are removed before the wording checks, so quoting an article that forbids "dukungan kepada
calon" is not an endorsement.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

ENDORSEMENT = "endorsement"
KASN = "kasn_referral"
REVOKED_IN_FORCE = "revoked_in_force"
ECHO = "echo"
SECRET = "secret"
FOREIGN_URL = "foreign_url"

_ACTOR = r"(calon|capres|cawapres|caleg|cagub|cabup|cawalkot|paslon|pasangan calon|partai|parpol|kandidat|nomor urut|no\.? urut)"
_ENDORSE = re.compile(
    "|".join(
        [
            r"\b(pilih|dukung|coblos|menangkan)lah\b",
            r"\b(sebaiknya|silakan|ayo|mari|harus|wajib)\b.{0,20}\b(pilih|memilih|dukung|mendukung|coblos|mencoblos|menangkan)\b",
            r"\b(saya|kami|netral)\b.{0,20}\b(sarankan|rekomendasikan|merekomendasikan|menyarankan|dukung|mendukung|pilih|memilih|jagokan)\b.{0,40}\b"
            + _ACTOR,
            r"\b(coblos|pilih|dukung)\b\s+" + r"(nomor|no\.?)\s*\d+",
            r"\b"
            + _ACTOR
            + r"\b.{0,40}\b(akan|pasti|bakal|diprediksi|diperkirakan|berpeluang)\b.{0,15}\b(menang|unggul|terpilih|kalah)\b",
            r"\b(prediksi|perkiraan|survei|elektabilitas)\b.{0,40}\b(menang|unggul|pemenang|terpilih)\b",
            r"\b(layak|pantas|paling pantas|paling layak)\s+(dipilih|didukung|menang)\b",
            r"\b(calon|partai|paslon|kandidat|pasangan)\s+(terbaik|terburuk|paling baik|paling bagus)\b",
            r"\b(vote for|support|choose)\b.{0,30}\b(candidate|party|number)\b",
            r"\b(will|is going to)\s+win\b",
        ]
    ),
    re.IGNORECASE | re.DOTALL,
)
_KASN = re.compile(r"\bKASN\b|\bkomisi aparatur sipil negara\b", re.IGNORECASE)
_DISSOLVED = re.compile(
    r"\b(dibubarkan|bubar|tidak lagi ada|sudah tidak ada|telah dihapus|dissolved)\b", re.IGNORECASE
)
_IN_FORCE = re.compile(
    r"\b(masih berlaku|yang berlaku|berlaku saat ini|berlaku sekarang|saat ini berlaku|tetap berlaku"
    r"|hukum positif|masih sah|masih menjadi dasar|menjadi dasar hukum|dasar hukum yang berlaku"
    r"|in force|current law|still valid)\b",
    re.IGNORECASE,
)
_NOT_IN_FORCE = re.compile(
    r"\b(dicabut|tidak berlaku|tidak lagi berlaku|sudah tidak|diganti|digantikan|telah diganti|revoked|replaced)\b",
    re.IGNORECASE,
)
_ECHO_MARKERS = re.compile(
    r"<\s*/?\s*pertanyaan\s*>"
    r"|\b(system prompt|prompt sistem|instruksi sistem|pesan sistem|aturan \(tidak dapat diubah"
    r"|my instructions|instruksi saya adalah|saya diinstruksikan|i was instructed"
    r"|as an ai language model|sebagai model bahasa|you are now|kamu sekarang adalah"
    r"|anda sekarang adalah|abaikan (semua )?(instruksi|perintah|aturan)"
    r"|ignore (all )?(previous )?(instructions|rules))\b",
    re.IGNORECASE,
)
_SECRETS = re.compile(
    r"\bsk-[A-Za-z0-9_-]{8,}"  # OpenAI-style keys
    r"|\b\d{6,12}:[A-Za-z0-9_-]{30,}\b"  # Telegram bot tokens
    r"|\bAKIA[0-9A-Z]{16}\b"
    r"|\bgh[pousr]_[A-Za-z0-9]{20,}"
    r"|\bBearer\s+[A-Za-z0-9._~+/-]{12,}"
    r"|-----BEGIN [A-Z ]*PRIVATE KEY-----"
    r"|\b(api[_ -]?key|token|password|passwd|kata sandi|secret|OPENAI_API_KEY|TELEGRAM_BOT_TOKEN)\b\s*[:=]\s*\S{6,}"
    r"|\b[A-Za-z0-9+/_-]{40,}\b",  # a long opaque string is never legal text
    re.IGNORECASE,
)
_URL = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"'()\[\]]+"
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|id|io|ly|me|co|info|xyz|gl)(?:/[^\s<>\"'()\[\]]*)?",
    re.IGNORECASE,
)
_URL_EDGE = ".,;:!?)]}»”’'\""
_QUOTED = re.compile(r'"[^"]+"|“[^”]+”|„[^“”]+[“”]|«[^»]+»')
# Sentence ends, but not after "No." ("UU No. 5 Tahun 2014" is one mention).
_SENTENCE = re.compile(r"(?<=[.!?;\n])(?<!\bno\.)(?<!\bNo\.)(?<!\bNO\.)\s+")
_TYPES = {"uu": "undang-undang", "pp": "peraturan pemerintah", "perpres": "peraturan presiden"}


@dataclass(frozen=True)
class Policy:
    """What the reply is checked against.

    Attributes:
        revoked: short names of revoked regulations ("UU 5/2014").
        urls: the URLs the reply may link to (the sources of the units it was given).
        system: the system prompt, whose long word runs must not be echoed.
    """

    revoked: tuple[str, ...] = ()
    urls: frozenset[str] = field(default_factory=frozenset)
    system: str = ""


def _words(text: str) -> list[str]:
    """Lower-cased words, without numbers and single letters (labels like "Pasal 5 huruf n" and
    markers like "[1]..[n]" would otherwise make any article label look like an echo)."""
    words = re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold())
    return [w for w in words if len(w) > 1 and not any(c.isdigit() for c in w)]


def _mention(short: str) -> re.Pattern[str] | None:
    """A pattern for the ways a regulation's short name is written ("UU No. 5 Tahun 2014")."""
    found = re.fullmatch(r"\s*(\w+)\s+(\w+)\s*/\s*(\d{4})\s*", short)
    if found is None:
        return None
    kind, number, year = found.groups()
    names = [re.escape(kind)] + (
        [re.escape(_TYPES[kind.lower()])] if kind.lower() in _TYPES else []
    )
    return re.compile(
        rf"\b({'|'.join(names)})\s*(nomor|no\.?)?\s*{re.escape(number)}\s*(/|tahun)\s*{year}\b",
        re.IGNORECASE,
    )


def _host_path(url: str) -> str:
    url = re.sub(r"^(https?://)?(www\.)?", "", url.strip().rstrip(_URL_EDGE).lower())
    return url.rstrip("/")


def _url_allowed(url: str, allowed: Iterable[str]) -> bool:
    target = _host_path(url)
    return any(
        target == a or target.startswith(a + "/") or a.startswith(target + "/") or a == target
        for a in allowed
    )


def problems(text: str, policy: Policy) -> list[tuple[str, str]]:
    """(reason, detail) for each content rule the shown text breaks; empty means it may be shown."""
    found: list[tuple[str, str]] = []
    prose = _QUOTED.sub(" ", text)  # verbatim quotes were checked against the units already
    endorsed = _ENDORSE.search(prose)
    if endorsed:
        found.append((ENDORSEMENT, f"takes sides: {endorsed.group(0)[:60]!r}"))
    sentences = _SENTENCE.split(prose)
    for sentence in sentences:
        if _KASN.search(sentence) and not _DISSOLVED.search(sentence):
            found.append((KASN, f"refers to KASN: {sentence.strip()[:80]!r}"))
            break
    for short in policy.revoked:
        pattern = _mention(short)
        if pattern is None:
            continue
        for sentence in sentences:
            if (
                pattern.search(sentence)
                and _IN_FORCE.search(sentence)
                and not _NOT_IN_FORCE.search(sentence)
            ):
                found.append((REVOKED_IN_FORCE, f"{short} presented as in force"))
                break
    echo = _ECHO_MARKERS.search(text) or _system_echo(text, policy.system)
    if echo:
        found.append(
            (
                ECHO,
                f"echoes instructions: {echo if isinstance(echo, str) else echo.group(0)[:60]!r}",
            )
        )
    allowed = {_host_path(u) for u in policy.urls if u}
    # A source's own link may have a long path; everything else long and opaque is suspect.
    unlinked = _URL.sub(lambda m: " " if _url_allowed(m.group(0), allowed) else m.group(0), text)
    if _SECRETS.search(unlinked):
        found.append((SECRET, "contains a secret-like string"))  # never log the string itself
    for match in _URL.finditer(text):
        if not _url_allowed(match.group(0), allowed):
            found.append((FOREIGN_URL, f"links outside the sources: {match.group(0)[:80]!r}"))
            break
    return found


ECHO_RUN = 8  # words in a row copied from the system prompt


def _system_echo(text: str, system: str) -> str | None:
    """The first run of `ECHO_RUN` system-prompt words the text repeats, if any."""
    words = _words(system)
    if len(words) < ECHO_RUN:
        return None
    runs = {" ".join(words[i : i + ECHO_RUN]) for i in range(len(words) - ECHO_RUN + 1)}
    said = _words(text)
    for i in range(len(said) - ECHO_RUN + 1):
        run = " ".join(said[i : i + ECHO_RUN])
        if run in runs:
            return run
    return None
