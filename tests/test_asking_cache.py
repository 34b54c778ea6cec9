"""The per-process answer cache follows the serving generation, wherever it was switched."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from bot.asking import Asker
from bot.models import Answer
from bot.store.repo import Store


async def test_cached_answers_are_dropped_when_the_serving_generation_changes(
    tmp_path: Path,
) -> None:
    serving = SimpleNamespace(generation="g1")
    calls: list[str] = []

    def answer(question: str, previous: str | None = None) -> Answer:
        calls.append(question)
        text = f"from {serving.generation}"
        return Answer(question, True, "dilarang", text, None, [], [], "faq")

    retriever = SimpleNamespace(snapshot=lambda: serving)
    services = SimpleNamespace(answer=answer, retriever=retriever)
    store = Store(tmp_path / "s.sqlite3")
    asker = Asker(services, store)  # type: ignore[arg-type]
    try:
        first = await asker.ask(1, "Bolehkah PNS ikut kampanye?")
        again = await asker.ask(2, "bolehkah pns ikut  kampanye?")
        assert (first.cached, again.cached, len(calls)) == (False, True, 1)
        serving.generation = "g2"  # another replica flipped the shared pointer
        after = await asker.ask(3, "Bolehkah PNS ikut kampanye?")
        assert (after.cached, after.answer.answer, len(calls)) == (False, "from g2", 2)
    finally:
        asker.shutdown()
        store.close()
