"""A model that never answers costs each user at most `llm.timeout_s` + 1 s, however many ask."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from bot.asking import Asker
from bot.services import build_services
from bot.store.repo import Store
from tests.llm.conftest import llm_config
from tests.support.fake_openai import FakeOpenAI

QUESTION = "Bolehkah PNS memakai atribut partai saat kampanye?"
CONCURRENT = 20
TIMEOUT_S = 2.0


async def test_twenty_concurrent_questions_against_a_hanging_model_answer_in_time(
    built_data_dir: Path, tmp_path: Path, fake_openai: FakeOpenAI
) -> None:
    for _ in range(CONCURRENT * 2):
        fake_openai.enqueue("{}", delay=3600)  # never answers (released when the server closes)
    config = llm_config(
        built_data_dir,
        fake_openai.base_url,
        NETRAL_LLM__TIMEOUT_S=str(TIMEOUT_S),
        NETRAL_LLM__BREAKER_FAILURES="1000",  # the breaker must not be what saves us
    )
    services = build_services(config, build_missing_index=False)
    composer, services.composer = services.composer, None
    expected = services.answer(QUESTION)
    services.composer = composer
    store = Store(tmp_path / "store.sqlite3")
    asker = Asker(services, store)

    async def one(user: int) -> tuple[str, str, float]:
        started = time.perf_counter()
        asked = await asker.ask(user, QUESTION)
        return asked.answer.mode, asked.answer.answer, time.perf_counter() - started

    try:
        results = await asyncio.gather(*(one(user) for user in range(1, CONCURRENT + 1)))
    finally:
        asker.shutdown()
        store.close()

    latencies = [seconds for _, _, seconds in results]
    print(
        f"\n{CONCURRENT} concurrent questions, hanging model, timeout_s={TIMEOUT_S:g}: "
        f"max latency {max(latencies):.2f} s, min {min(latencies):.2f} s"
    )
    assert {mode for mode, _, _ in results} == {expected.mode}
    assert expected.mode != "llm"
    assert {text for _, text, _ in results} == {expected.answer}
    assert max(latencies) < TIMEOUT_S + 1, latencies
    assert len(fake_openai.chat_requests) >= 1  # the model was really asked
