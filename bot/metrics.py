"""In-process metrics: counters, a latency histogram and gauges, in Prometheus text format.

One `Metrics` object per running bot (made by `build_application`, served by `bot.ops` at
`/metrics`). Nothing is global and nothing here does I/O: gauges that read state (the serving
index, running quizzes) are callbacks registered by whoever owns that state.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterable, Sequence

Labels = tuple[tuple[str, str], ...]
GaugeFn = Callable[[], Iterable[tuple[dict[str, str], float]]]

# Seconds: cached answers take about a millisecond, fresh ones 15–50 ms, LLM answers seconds.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0)
ANSWER_MODES = ("faq", "extractive", "llm", "none")
QUIZ_KINDS = ("private", "event")


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _labels(labels: Labels, extra: str = "") -> str:
    parts = [f'{key}="{_escape(value)}"' for key, value in labels]
    if extra:
        parts.append(extra)
    return "{" + ",".join(parts) + "}" if parts else ""


def _number(value: float) -> str:
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    return str(int(value)) if float(value).is_integer() else repr(float(value))


class Counter:
    """A monotonically increasing count, optionally split by labels."""

    def __init__(self, name: str, help_text: str, label_names: Sequence[str] = ()) -> None:
        self.name, self.help, self.label_names = name, help_text, tuple(label_names)
        self._values: dict[Labels, float] = {} if label_names else {(): 0.0}
        self._lock = threading.Lock()

    def _key(self, labels: dict[str, str]) -> Labels:
        if set(labels) != set(self.label_names):
            raise ValueError(
                f"{self.name}: labels must be {self.label_names}, got {sorted(labels)}"
            )
        return tuple((name, str(labels[name])) for name in self.label_names)

    def inc(self, amount: float = 1.0, **labels: str) -> None:
        """Add `amount` (≥ 0) to the series named by `labels`."""
        if amount < 0:
            raise ValueError(f"{self.name}: a counter cannot decrease")
        key = self._key(labels)
        with self._lock:
            self._values[key] = self._values.get(key, 0.0) + amount

    def touch(self, **labels: str) -> None:
        """Make a series exist at 0, so dashboards see it before the first event."""
        self.inc(0.0, **labels)

    def value(self, **labels: str) -> float:
        with self._lock:
            return self._values.get(self._key(labels), 0.0)

    def expose(self) -> list[str]:
        lines = [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} counter"]
        with self._lock:
            items = sorted(self._values.items())
        lines += [f"{self.name}{_labels(key)} {_number(value)}" for key, value in items]
        return lines


class Histogram:
    """Observations counted into cumulative buckets (Prometheus `histogram`)."""

    def __init__(self, name: str, help_text: str, buckets: Sequence[float]) -> None:
        self.name, self.help = name, help_text
        self.buckets = tuple(sorted(buckets))
        self._counts = [0] * len(self.buckets)
        self._sum = 0.0
        self._count = 0
        self._lock = threading.Lock()

    def observe(self, value: float) -> None:
        with self._lock:
            self._sum += value
            self._count += 1
            for i, bound in enumerate(self.buckets):
                if value <= bound:
                    self._counts[i] += 1
                    break

    @property
    def count(self) -> int:
        return self._count

    def expose(self) -> list[str]:
        lines = [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} histogram"]
        with self._lock:
            counts, total, count = list(self._counts), self._sum, self._count
        cumulative = 0
        for bound, n in zip(self.buckets, counts, strict=True):
            cumulative += n
            lines.append(f'{self.name}_bucket{{le="{_number(bound)}"}} {cumulative}')
        lines.append(f'{self.name}_bucket{{le="+Inf"}} {count}')
        lines.append(f"{self.name}_sum {_number(total)}")
        lines.append(f"{self.name}_count {count}")
        return lines


class Gauge:
    """A value read when scraped, from a callback returning (labels, value) pairs."""

    def __init__(self, name: str, help_text: str, read: GaugeFn, kind: str = "gauge") -> None:
        self.name, self.help, self.read, self.kind = name, help_text, read, kind

    def expose(self) -> list[str]:
        lines = [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} {self.kind}"]
        for labels, value in self.read():
            key = tuple(sorted((k, str(v)) for k, v in labels.items()))
            lines.append(f"{self.name}{_labels(key)} {_number(value)}")
        return lines


class Metrics:
    """Netral's metrics: questions, answer modes, answer latency, errors, quiz sessions."""

    def __init__(self) -> None:
        self.questions = Counter("netral_questions_total", "Questions answered.")
        self.cached = Counter(
            "netral_answers_cached_total", "Answers served from the answer cache."
        )
        self.answers = Counter(
            "netral_answers_total", "Answers by mode (faq, extractive, llm, none).", ("mode",)
        )
        self.latency = Histogram(
            "netral_answer_latency_seconds",
            "Time from a question reaching the answerer to its answer being ready.",
            LATENCY_BUCKETS,
        )
        self.errors = Counter(
            "netral_errors_total", "Errors while handling updates, by exception type.", ("type",)
        )
        self.quiz_sessions = Counter(
            "netral_quiz_sessions_total", "Quiz sessions started, by kind.", ("kind",)
        )
        self.quiz_answers = Counter("netral_quiz_answers_total", "Quiz poll answers scored.")
        for mode in ANSWER_MODES:
            self.answers.touch(mode=mode)
        for kind in QUIZ_KINDS:
            self.quiz_sessions.touch(kind=kind)
        started = time.time()
        self._gauges: list[Gauge] = [
            Gauge(
                "netral_start_time_seconds",
                "Unix time the process started.",
                lambda: [({}, started)],
            )
        ]

    def add_gauge(self, name: str, help_text: str, read: GaugeFn) -> None:
        """Register a gauge whose value is read at scrape time."""
        self._gauges.append(Gauge(name, help_text, read))

    def add_counter_fn(self, name: str, help_text: str, read: GaugeFn) -> None:
        """Register a counter kept by its owner (e.g. the LLM composer's stats), read at scrape."""
        self._gauges.append(Gauge(name, help_text, read, "counter"))

    # ── recording (one call per event at the call site) ────────────────────
    def answered(self, mode: str, seconds: float, cached: bool) -> None:
        """Count one answered question."""
        self.questions.inc()
        self.answers.inc(mode=mode)
        self.latency.observe(seconds)
        if cached:
            self.cached.inc()

    def error(self, exc: BaseException | None) -> None:
        self.errors.inc(type=type(exc).__name__ if exc is not None else "unknown")

    def quiz_started(self, kind: str) -> None:
        self.quiz_sessions.inc(kind=kind)

    def quiz_answered(self) -> None:
        self.quiz_answers.inc()

    def render(self) -> str:
        """The Prometheus text exposition (format 0.0.4)."""
        lines: list[str] = []
        metrics: list[Counter | Histogram | Gauge] = [
            self.questions,
            self.cached,
            self.answers,
            self.latency,
            self.errors,
            self.quiz_sessions,
            self.quiz_answers,
            *self._gauges,
        ]
        for metric in metrics:
            try:
                lines += metric.expose()
            except Exception as exc:  # a failing gauge must not hide the other metrics
                lines.append(f"# {metric.name} unavailable: {type(exc).__name__}")
        return "\n".join(lines) + "\n"


CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
