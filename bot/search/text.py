"""Lexical analysis for BM25: tokens, Indonesian stemming (PySastrawi), stop-words."""

from __future__ import annotations

from functools import lru_cache

from bot.core.normalize import words

# Question and filler words that say nothing about the topic. Kept small on purpose:
# "tidak", "boleh", "dilarang" carry meaning in this domain.
STOPWORDS = frozenset(
    [
        "apa",
        "apakah",
        "bagaimana",
        "gimana",
        "gmn",
        "kenapa",
        "mengapa",
        "siapa",
        "kapan",
        "dimana",
        "mana",
        "bila",
        "jika",
        "kalau",
        "kalo",
        "yang",
        "dan",
        "atau",
        "di",
        "ke",
        "dari",
        "untuk",
        "pada",
        "dengan",
        "dalam",
        "oleh",
        "itu",
        "ini",
        "tersebut",
        "adalah",
        "ialah",
        "sebagai",
        "saya",
        "aku",
        "gue",
        "gw",
        "kami",
        "kita",
        "anda",
        "kamu",
        "dia",
        "mereka",
        "nya",
        "pun",
        "lah",
        "kah",
        "dong",
        "sih",
        "deh",
        "ya",
        "yg",
        "sy",
        "juga",
        "saja",
        "aja",
        "sudah",
        "udah",
        "telah",
        "akan",
        "bisa",
        "dapat",
        "harus",
        "mau",
        "ingin",
        "tolong",
        "mohon",
        "the",
        "a",
        "an",
        "is",
        "are",
        "can",
        "may",
        "of",
        "to",
        "in",
        "on",
        "for",
        "and",
        "or",
        "what",
        "how",
        "do",
        "does",
        "i",
        "my",
    ]
)


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Sastrawi stem of one word; numbers and short words stay as they are."""
    if len(word) <= 3 or word.isdigit() or "/" in word:
        return word
    return _stemmer().stem(word) or word


def analyze(text: str) -> list[str]:
    """Tokens for BM25: words, minus stop-words, stemmed."""
    return [stem(w) for w in words(text) if w not in STOPWORDS]
