"""The LLM composer: rephrase the extractive answer with a model, or keep it when anything fails.

`improve(answer, question, previous, ruling, hits)` gives the model the question (and the previous
one for a follow-up), the ruling the extractive path answered from, and at most `MAX_UNITS`
numbered units: the extractive answer's cited units first, then the top retrieved hits. The reply
is shown only when it passes `checks.validate`; otherwise, and on any error, timeout or open
circuit, the extractive answer is returned unchanged and the reason is counted in `stats`.

Only the question text (and the previous question) leave the process: no user id, name or chat.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol

from bot.core.answer import RegInfo, citation_notes, citation_of
from bot.llm import checks, content
from bot.llm.breaker import CircuitBreaker
from bot.llm.client import build_chat_model, describe_error, is_transient
from bot.llm.prompts import Prompt, load_prompt
from bot.models import Answer, Citation, Ruling, Unit

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

    from bot.config import Config

log = logging.getLogger(__name__)

MAX_UNITS = 6
MIN_ATTEMPT_S = 0.2  # a retry with less time left than this is not worth starting
NONE = "(tidak ada)"
_INLINE = re.compile(r"\s?\[(\d+(?:\s*,\s*\d+)*)\]")
_DELIMITER = re.compile(r"</?\s*pertanyaan\s*>", re.IGNORECASE)
# Failures that mean the endpoint is not working (they feed the circuit breaker). A reply that
# parses but fails a content check shows the endpoint works: the model just got it wrong.
_ENDPOINT_FAILURES = {checks.INVALID_JSON, checks.SCHEMA}


class HasUnit(Protocol):
    """A retrieved hit (`bot.core.answer.Scored`): only its unit is used here."""

    @property
    def unit(self) -> Unit: ...


@dataclass
class LLMStats:
    """Counters since start. `calls` = improve() calls; each ends in exactly one other counter
    (successes, a check-failure reason, timeouts, errors, breaker_open, or skipped when there was
    nothing to give the model). `retries` counts the extra attempts after a transient error."""

    calls: int = 0
    successes: int = 0
    check_failures: dict[str, int] = field(default_factory=dict)
    timeouts: int = 0
    errors: int = 0
    breaker_open: int = 0
    skipped: int = 0
    retries: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def count(self, name: str, reason: str | None = None) -> None:
        with self._lock:
            if reason is not None:
                self.check_failures[reason] = self.check_failures.get(reason, 0) + 1
            else:
                setattr(self, name, getattr(self, name) + 1)

    def as_dict(self) -> dict[str, Any]:
        with self._lock:
            return {
                "calls": self.calls,
                "successes": self.successes,
                "check_failures": dict(self.check_failures),
                "timeouts": self.timeouts,
                "errors": self.errors,
                "breaker_open": self.breaker_open,
                "skipped": self.skipped,
                "retries": self.retries,
            }


@dataclass(frozen=True)
class GivenUnit:
    """A unit as numbered in the prompt, with the citation shown if the model cites it."""

    numbered: checks.NumberedUnit
    citation: Citation


def select_units(
    answer: Answer, hits: Sequence[HasUnit], limit: int = MAX_UNITS
) -> list[GivenUnit]:
    """The extractive answer's citations first, then the top hits; deduplicated, numbered 1..n."""
    chosen: list[Citation] = []
    seen: set[str] = set()
    for citation in [*answer.citations, *(citation_of(h.unit) for h in hits)]:
        key = citation.unit_id or citation.label
        if key in seen:
            continue
        seen.add(key)
        chosen.append(citation)
        if len(chosen) == limit:
            break
    return [
        GivenUnit(checks.NumberedUnit(i, c.label, c.quote), c)
        for i, c in enumerate(chosen, start=1)
    ]


def _unit_block(given: GivenUnit) -> str:
    c = given.citation
    marks: list[str] = [c.status]
    if c.verification != "verbatim":
        marks.append("ringkasan/kutipan sekunder, bukan teks resmi")
    return f"[{given.numbered.number}] {c.label} ({'; '.join(marks)})\n{c.quote}"


def _ruling_block(answer: Answer, ruling: Ruling | None) -> str:
    if ruling is None:
        return "(tidak ada putusan baku; simpulkan hanya dari unit, atau verdict null)"
    lines = [f"verdict: {ruling.verdict or 'null'}", f"penjelasan baku: {ruling.answer}"]
    if ruling.conditions:
        lines.append("syarat: " + "; ".join(ruling.conditions))
    if answer.sanction:
        lines.append(f"sanksi: {answer.sanction}")
    return "\n".join(lines)


def split_follow_up(question: str, previous: str | None) -> tuple[str, str | None]:
    """(current question, previous question when this one is a follow-up).

    `Services` passes the effective question, which is `f"{previous} {question}"` for a follow-up
    and the question alone otherwise; a previous question is only context for a follow-up.
    """
    if previous and question.startswith(f"{previous} "):
        return question[len(previous) + 1 :], previous
    return question, None


def _labels_for_markers(text: str, given: Sequence[GivenUnit]) -> str:
    """Replace inline "[2]" markers with the unit labels, which is what the user can see."""

    def label(match: re.Match[str]) -> str:
        numbers = [int(n) for n in match.group(1).split(",")]
        labels = [given[n - 1].citation.label for n in numbers if 0 < n <= len(given)]
        before = text[max(0, match.start() - 120) : match.start()]
        if all(lab in before for lab in labels):
            return ""  # the label is already written just before the marker
        return " (" + "; ".join(labels) + ")"

    return _INLINE.sub(label, text).strip()


class _Timeout(Exception):
    pass


class LLMComposer:
    """Grounded answers from a chat model, with checks, one retry, a deadline and a breaker."""

    def __init__(
        self,
        model: BaseChatModel,
        prompt: Prompt,
        *,
        timeout_s: float,
        breaker: CircuitBreaker,
        regs: Callable[[], Mapping[str, RegInfo]] = dict,
    ) -> None:
        self.model = model
        self.prompt = prompt
        self.timeout_s = timeout_s
        self.breaker = breaker
        self.stats = LLMStats()
        self._regs = regs

    def messages(
        self,
        answer: Answer,
        question: str,
        previous: str | None,
        ruling: Ruling | None,
        given: Sequence[GivenUnit],
    ) -> list[BaseMessage]:
        """The chat messages for one question (public for tests and prompt reviews)."""
        current, context = split_follow_up(question, previous)
        return self.prompt.template.format_messages(
            question=_DELIMITER.sub(" ", current).strip(),
            previous=_DELIMITER.sub(" ", context).strip() if context else NONE,
            ruling=_ruling_block(answer, ruling),
            units="\n\n".join(_unit_block(g) for g in given),
            unit_count=len(given),
        )

    def improve(
        self,
        answer: Answer,
        question: str,
        previous: str | None,
        ruling: Ruling | None,
        hits: Sequence[HasUnit],
    ) -> Answer:
        """Return the model's checked answer (`mode="llm"`), or `answer` unchanged.

        Args:
            answer: the extractive answer (mode extractive or faq), shown on any failure.
            question: the effective question (previous + question for a follow-up).
            previous: the user's previous question, if any.
            ruling: the best-matching ruling; binding only if `answer` was built from it.
            hits: retrieved units, best first.

        Returns:
            An Answer whose citations are all among the units given to the model, with
            `sources` unchanged; or `answer` itself.
        """
        self.stats.count("calls")
        try:
            return self._improve(answer, question, previous, ruling, hits)
        except Exception:  # a bug here must cost the model's answer, never the user's
            log.exception("llm: composer failed; extractive answer shown")
            self.stats.count("errors")
            return answer

    def _improve(
        self,
        answer: Answer,
        question: str,
        previous: str | None,
        ruling: Ruling | None,
        hits: Sequence[HasUnit],
    ) -> Answer:
        deadline = time.monotonic() + self.timeout_s  # the whole composer, not just the request
        matched = ruling if ruling is not None and answer.ruling_id == ruling.id else None
        given = select_units(answer, hits)
        if not given or (answer.ruling_id is not None and matched is None):
            # Nothing to ground a reply in, or a ruling whose verdict could not be enforced.
            self.stats.count("skipped")
            return answer
        if not self.breaker.allow():
            self.stats.count("breaker_open")
            return answer
        messages = self.messages(answer, question, previous, matched, given)
        try:
            text = self._complete_within(messages, deadline)
        except _Timeout:
            self.stats.count("timeouts")
            self.breaker.record_failure()
            log.warning("llm: no reply within %.1f s; extractive answer shown", self.timeout_s)
            return answer
        except Exception as exc:
            self.stats.count("errors")
            self.breaker.record_failure()
            log.warning("llm: %s; extractive answer shown", describe_error(exc))
            return answer
        numbered = [g.numbered for g in given]
        reply, problems = checks.validate(text, numbered, matched, question, self._policy(given))
        if reply is None:
            first = problems[0]
            self.stats.count("check_failures", first.reason)
            if first.reason in _ENDPOINT_FAILURES:
                self.breaker.record_failure()
            else:
                self.breaker.record_success()
            log.warning("llm: reply rejected (%s: %s)", first.reason, first.detail)
            return answer
        self.breaker.record_success()
        self.stats.count("successes")
        return self._answer_from(answer, reply, given, matched)

    def _policy(self, given: Sequence[GivenUnit]) -> content.Policy:
        """The content rules for a reply to these units: revoked names, allowed links, prompt."""
        revoked = tuple(r.short for r in self._regs().values() if r.status == "dicabut")
        system = getattr(getattr(self.prompt.template.messages[0], "prompt", None), "template", "")
        urls = frozenset(g.citation.url for g in given)
        return content.Policy(revoked, urls, system if isinstance(system, str) else "")

    def _answer_from(
        self, answer: Answer, reply: checks.Reply, given: Sequence[GivenUnit], ruling: Ruling | None
    ) -> Answer:
        citations = [given[n - 1].citation for n in reply.citations]
        # A matched ruling's curated sanction (or its deliberate absence) outranks the model.
        sanction = answer.sanction
        if ruling is None and reply.sanction:
            sanction = _labels_for_markers(reply.sanction, given)
        notes = citation_notes(citations, self._regs())
        if ruling is not None and ruling.note:
            notes.append(ruling.note)
        return replace(
            answer,
            verdict=reply.verdict,
            answer=_labels_for_markers(reply.answer, given),
            sanction=sanction,
            citations=citations,
            mode="llm",
            notes=notes,
        )

    def _complete_within(self, messages: list[BaseMessage], deadline: float) -> str:
        """Run the call (with its one retry) in a daemon thread and wait until `deadline`.

        The SDK's timeout bounds each socket read, not the whole reply: a server that trickles
        bytes would hold a plain call for minutes. The thread is abandoned at the deadline (it
        is a daemon, so it never delays shutdown) and its late result is dropped.
        """
        outcome: dict[str, Any] = {}
        done = threading.Event()

        def work() -> None:
            try:
                outcome["text"] = self._complete(messages, deadline)
            except BaseException as exc:
                outcome["error"] = exc
            finally:
                done.set()

        threading.Thread(target=work, name="netral-llm", daemon=True).start()
        if not done.wait(max(0.0, deadline - time.monotonic())):
            raise _Timeout
        if "error" in outcome:
            raise outcome["error"]
        return str(outcome["text"])

    def _complete(self, messages: list[BaseMessage], deadline: float) -> str:
        for attempt in (1, 2):
            remaining = deadline - time.monotonic()
            try:
                if remaining <= 0:
                    raise _Timeout
                reply = self.model.bind(timeout=remaining).invoke(messages)
                return reply.text
            except Exception as exc:
                retry = attempt == 1 and is_transient(exc)
                if not retry or deadline - time.monotonic() < MIN_ATTEMPT_S:
                    raise
                self.stats.count("retries")
                log.info("llm: %s, retrying once", describe_error(exc))
        raise AssertionError("unreachable")  # pragma: no cover


def build_composer(
    config: Config, services: Any, *, clock: Callable[[], float] = time.monotonic
) -> LLMComposer:
    """Wire the LLM composer for `config` (called by `build_services` when a provider is set).

    Args:
        config: validated configuration; `llm.provider` must not be "none".
        services: the Services being built; read lazily for regulation names and statuses.
        clock: the circuit breaker's clock (tests pass a fake one).

    Raises:
        PromptError: the configured prompt is missing or malformed (fail at start, not per answer).
    """
    match config.llm.provider:
        case "openai":
            model = build_chat_model(config)
        case other:
            raise ValueError(f"llm.provider {other!r} has no composer")
    llm = config.llm
    return LLMComposer(
        model,
        load_prompt(config.prompts_dir, llm.prompt),
        timeout_s=llm.timeout_s,
        breaker=CircuitBreaker(llm.breaker_failures, llm.breaker_cooldown_s, clock),
        regs=lambda: getattr(services, "regs", {}),
    )
