"""Validate the model's JSON reply against the units it was given and the matched ruling.

Pure: text in, problems out. A reply with any problem is not shown; the composer falls back to
the extractive answer and counts the first problem's reason.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from bot.llm import content
from bot.models import VERDICTS, Ruling, Verdict

MAX_ANSWER_CHARS = 2000  # the reply must leave room for citations in one 4096-char message

# Reasons, in the order they are checked.
INVALID_JSON = "invalid_json"
SCHEMA = "schema"
NO_CITATIONS = "no_citations"
UNKNOWN_CITATION = "unknown_citation"
VERDICT_MISMATCH = "verdict_mismatch"
INJECTION_VERDICT = "injection_verdict"
INVENTED_QUOTE = "invented_quote"
TOO_LONG = "too_long"

_FENCE = re.compile(r"^```(?:json)?\s*(.*?)\s*```$", re.DOTALL | re.IGNORECASE)
_INLINE = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
_QUOTED = re.compile(r'"([^"]+)"|“([^”]+)”|„([^“”]+)[“”]|«([^»]+)»')
_ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.|\[…\]|\[\.\.\.\]|\(…\)|\(\.\.\.\))\s*")
_QUOTE_MARKS = str.maketrans({c: " " for c in '"“”„«»'})
_EDGE = " \t\n.,;:!?()-–—"
# A question that tries to instruct the model ("abaikan instruksi sebelumnya…", "ignore the rules").
_INJECTION = re.compile(
    r"\b(abaikan|lupakan|hiraukan|ignore|disregard|forget|override)\b.{0,60}?"
    r"\b(instruksi|perintah|aturan|arahan|prompt|sistem|system|instructions?|rules?)(mu|nya|ku)?\b"
    r"|\b(system prompt|prompt sistem|you are now|kamu sekarang adalah|anda sekarang adalah)\b",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class Problem:
    reason: str
    detail: str


@dataclass(frozen=True)
class NumberedUnit:
    """A unit as shown to the model: `[number] label` followed by `text`."""

    number: int
    label: str
    text: str


@dataclass(frozen=True)
class Reply:
    """The model's reply, parsed. `citations` are 1-based unit numbers, inline `[n]` included."""

    verdict: Verdict | None
    answer: str
    citations: tuple[int, ...]
    sanction: str | None


def _number(item: object) -> int | None:
    if isinstance(item, bool):
        return None
    if isinstance(item, int):
        return item
    if isinstance(item, str) and item.strip().strip("[]").strip().isdigit():
        return int(item.strip().strip("[]"))
    return None


def parse_reply(text: str) -> tuple[Reply | None, list[Problem]]:
    """Parse the model's text as the reply JSON (a surrounding ```json fence is tolerated).

    Returns:
        (reply, []) when the shape is right, else (None, [the problem]).
    """
    body = text.strip()
    fenced = _FENCE.match(body)
    if fenced:
        body = fenced.group(1)
    try:
        data = json.loads(body)
    except ValueError as exc:
        return None, [Problem(INVALID_JSON, f"not JSON: {exc.__class__.__name__}")]
    if not isinstance(data, dict):
        return None, [Problem(INVALID_JSON, "not a JSON object")]
    verdict, answer = data.get("verdict"), data.get("answer")
    citations, sanction = data.get("citations"), data.get("sanction")
    if "verdict" not in data or (verdict is not None and verdict not in VERDICTS):
        return None, [Problem(SCHEMA, f"verdict {verdict!r} is not one of {VERDICTS} or null")]
    if not isinstance(answer, str) or not answer.strip():
        return None, [Problem(SCHEMA, "answer must be a non-empty string")]
    if not isinstance(citations, list):
        return None, [Problem(SCHEMA, "citations must be a list of unit numbers")]
    numbers = [_number(item) for item in citations]
    if any(n is None for n in numbers):
        return None, [Problem(SCHEMA, f"citations must be unit numbers, got {citations!r}")]
    if sanction is not None and not isinstance(sanction, str):
        return None, [Problem(SCHEMA, "sanction must be a string or null")]
    sanction = sanction.strip() if sanction and sanction.strip() else None
    inline = [
        int(n) for group in _INLINE.findall(f"{answer} {sanction or ''}") for n in group.split(",")
    ]
    cited = tuple(dict.fromkeys([n for n in numbers if n is not None] + inline))
    return Reply(verdict, answer.strip(), cited, sanction), []


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().translate(_QUOTE_MARKS)
    text = text.replace("’", "'").replace("‘", "'")
    return " ".join(text.split())


def quotations(text: str) -> list[str]:
    """Every span of `text` inside double quotation marks (straight, curly, „“ or «»)."""
    return [next(g for g in match.groups() if g is not None) for match in _QUOTED.finditer(text)]


def quote_found(quote: str, source: str) -> bool:
    """Whether `quote` appears verbatim in `source`, ignoring case, spacing and quote marks.

    An ellipsis ("…" or "...") in the quote marks an omission: each fragment must appear, in order.
    """
    haystack = _normal(source)
    position = 0
    fragments = [_normal(part).strip(_EDGE) for part in _ELLIPSIS.split(quote)]
    for fragment in filter(None, fragments):
        found = haystack.find(fragment, position)
        if found < 0:
            return False
        position = found + len(fragment)
    return True


def looks_like_injection(question: str) -> bool:
    """Whether the question tries to give the model instructions ("abaikan instruksi…")."""
    return bool(_INJECTION.search(question))


def check_reply(
    reply: Reply,
    units: Sequence[NumberedUnit],
    ruling: Ruling | None,
    question: str = "",
    policy: content.Policy | None = None,
) -> list[Problem]:
    """Check a parsed reply against what the model was given.

    Args:
        reply: the parsed reply.
        units: the numbered units in the prompt.
        ruling: the ruling the extractive path answered from, if any; its verdict is binding.
        question: the user's question. When it tries to instruct the model and no ruling
            binds the verdict, the reply may not conclude one (the extractive path would not).
        policy: what the content checks (`bot.llm.content`) hold the shown text to.

    Returns:
        The problems found; empty means the reply may be shown.
    """
    problems: list[Problem] = []
    by_number = {u.number: u for u in units}
    if not reply.citations:
        problems.append(Problem(NO_CITATIONS, "the reply cites no unit"))
    unknown = [n for n in reply.citations if n not in by_number]
    if unknown:
        problems.append(Problem(UNKNOWN_CITATION, f"cites {unknown}, given 1..{len(units)}"))
    if ruling is not None and reply.verdict != ruling.verdict:
        problems.append(
            Problem(VERDICT_MISMATCH, f"verdict {reply.verdict!r}, ruling says {ruling.verdict!r}")
        )
    if ruling is None and reply.verdict is not None and looks_like_injection(question):
        problems.append(
            Problem(INJECTION_VERDICT, f"verdict {reply.verdict!r} for a question that instructs")
        )
    cited = [by_number[n] for n in reply.citations if n in by_number]
    labels = {_normal(u.label).strip(_EDGE) for u in cited}
    for quote in quotations(f"{reply.answer}\n{reply.sanction or ''}"):
        if _normal(quote).strip(_EDGE) in labels:
            continue  # naming a cited article in quotes is not a quotation of its text
        if not any(quote_found(quote, u.text) for u in cited):
            problems.append(
                Problem(INVENTED_QUOTE, f"quote not in the cited units: {quote[:80]!r}")
            )
    if len(reply.answer) > MAX_ANSWER_CHARS:
        problems.append(Problem(TOO_LONG, f"answer has {len(reply.answer)} characters"))
    shown = f"{reply.answer}\n{reply.sanction or ''}"
    problems += [Problem(r, d) for r, d in content.problems(shown, policy or content.Policy())]
    return problems


def validate(
    text: str,
    units: Sequence[NumberedUnit],
    ruling: Ruling | None,
    question: str = "",
    policy: content.Policy | None = None,
) -> tuple[Reply | None, list[Problem]]:
    """Parse and check the model's text; the reply is None whenever there is a problem."""
    reply, problems = parse_reply(text)
    if reply is None:
        return None, problems
    problems = check_reply(reply, units, ruling, question, policy)
    return (None if problems else reply), problems
