"""Recognise questions Netral must decline or treat specially, before any retrieval."""

from __future__ import annotations

import re

from bot.core.normalize import words
from bot.core.scope import scope_signals

# Requests to pick, rate, praise or attack a candidate or party. Asking what an ASN may do
# *about* a candidate ("boleh like postingan caleg?") is not one of these.
_ENDORSEMENT = [
    r"\b(siapa|mana|apa)\b.{0,40}\b(sebaiknya|harus|layak|pantas|bagus|terbaik|paling baik|paling bagus|lebih baik|lebih bagus|menang|unggul|jelek|buruk|terburuk|korup)\b.{0,30}\b(dipilih|pilih|calon|capres|caleg|cagub|cabup|paslon|partai|parpol|kandidat)\b",
    r"\b(calon|capres|caleg|cagub|cabup|paslon|partai|parpol|kandidat)\b.{0,30}\b(mana|siapa)\b.{0,30}\b(bagus|terbaik|baik|layak|pantas|menang|dipilih|pilih|jelek|buruk)\b",
    r"\b(saya|sy|aku|gue|gw)\b.{0,20}\b(harus|sebaiknya|enaknya|mending)\b.{0,20}\b(pilih|memilih|coblos|nyoblos|dukung|mendukung)\b.{0,20}\b(siapa|mana|apa)\b",
    r"\b(rekomendasi\w*|saran\w*)\b.{0,30}\b(calon|capres|caleg|cagub|cabup|paslon|partai|parpol|kandidat)\b",
    r"\b(who|which)\b.{0,40}\b(should i|to)\b.{0,20}\b(vote|support|choose|pick)\b",
    r"\b(best|worst|better)\b.{0,20}\b(candidate|party)\b",
    r"\b(prediksi|ramal)\w*\b.{0,40}\b(menang|pemenang|hasil)\b",
    r"\bsiapa\b.{0,25}\b(bakal|akan|yang|yg)?\s*(menang|unggul|jadi pemenang|terpilih)\b",
    r"\bwho\b.{0,20}\b(will|is going to)\s+win\b",
    r"\b(jelek\w*|jatuh\w*|jelekin|fitnah\w*|hina\w*)\b.{0,30}\b(calon|caleg|capres|paslon|partai|kandidat)\b",
]
_ENDORSEMENT_RE = [re.compile(p, re.IGNORECASE) for p in _ENDORSEMENT]
# Asking Netral itself to campaign: captions, slogans, posters for a candidate or party. "Boleh gak
# PNS bikin materi kampanye caleg?" asks what an ASN may do, and is answered, not refused.
_PRODUCE = [
    r"\b(bikin\w*|buat\w*|tulis\w*|susun\w*|karang\w*|rancang\w*)\b.{0,30}\b(caption|konten|materi|slogan|jargon|pantun|puisi|poster|status|postingan|narasi|pidato|yel)\b.{0,40}\b(kampanye|calon|caleg|capres|paslon|partai|nyoblos|pilih|memilih|dukung\w*|menang\w*)\b",
    r"\b(write|draft|create|make)\b.{0,30}\b(caption|post|slogan|poster|speech|content)\b.{0,40}\b(campaign|candidate|party|vote)\b",
]
_PRODUCE_RE = [re.compile(p, re.IGNORECASE) for p in _PRODUCE]

_FOLLOW_UP = re.compile(
    r"^\s*(kalau|kalo|klo|kl|bagaimana|gimana|gmn|terus|trus|lalu|bgmn|tapi|tp|misalnya|seandainya|"
    r"andaikan|berarti|jadi|itu|yang|yg|pasalnya|sanksinya|hukumannya|dasarnya|dasar hukumnya|"
    r"how about|what about|what if|and if|but if|and what|even if|and|dan|kalau untuk|untuk)\b",
    re.IGNORECASE,
)


def is_endorsement_request(question: str, own_conduct: bool = False) -> bool:
    """True when the user asks Netral to pick, rate or attack a candidate or party, or to write
    campaign material. With `own_conduct` (the question asks whether a civil servant may do it, or
    the sanction for it) material named in it is the act asked about, not a request."""
    if any(p.search(question) for p in _ENDORSEMENT_RE):
        return True
    return not own_conduct and any(p.search(question) for p in _PRODUCE_RE)


# Words that point back at what the previous question was about.
_ANAPHORS = frozenset(
    {"it", "that", "this", "he", "she", "they", "him", "them", "itu", "tersebut", "dia", "beliau"}
)


def is_follow_up(question: str) -> bool:
    """A short question that leans on the previous one: "kalau PPPK bagaimana?", and one that
    points back at it without naming any conduct of its own ("Where should I report it?",
    "Cutinya siapa yang ngasih?")."""
    if len(question.split()) <= 12 and _FOLLOW_UP.search(question):
        return True
    tokens = words(question)
    if len(tokens) > 8 or scope_signals([question]).conduct:
        return False
    points_back = bool(_ANAPHORS.intersection(tokens))
    return points_back or (bool(tokens) and tokens[0].endswith("nya") and len(tokens[0]) > 5)
