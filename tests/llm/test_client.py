"""The ChatOpenAI client settings and the reachability probe."""

from __future__ import annotations

import socket
import time
from pathlib import Path

from bot.llm.client import build_chat_model, probe
from bot.services import llm_reachability
from tests.conftest import make_config
from tests.llm.conftest import llm_config
from tests.support.fake_openai import FakeOpenAI


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_probe_reports_reachable_with_model_and_latency(tmp_path: Path) -> None:
    with FakeOpenAI() as server:
        status = probe(llm_config(tmp_path, server.base_url))
        assert status.startswith("reachable (model gpt-4o-mini, ")
        assert status.endswith(" ms)")
        assert [r.path for r in server.requests] == ["/v1/models"]


def test_probe_says_when_the_server_does_not_list_the_model(tmp_path: Path) -> None:
    with FakeOpenAI(models=("llama3.1:8b",)) as server:
        status = probe(llm_config(tmp_path, server.base_url))
    assert "does not list model gpt-4o-mini" in status


def test_probe_reports_unreachable_quickly(tmp_path: Path) -> None:
    config = llm_config(tmp_path, f"http://127.0.0.1:{free_port()}/v1")
    started = time.perf_counter()
    assert probe(config) == "unreachable: ConnectError"
    assert time.perf_counter() - started < 3.5


def test_llm_reachability_uses_the_probe(tmp_path: Path) -> None:
    assert llm_reachability(make_config(tmp_path)) == "disabled (extractive answers)"
    with FakeOpenAI() as server:
        assert llm_reachability(llm_config(tmp_path, server.base_url)).startswith("reachable")


def test_chat_model_uses_chat_completions_without_sdk_retries(tmp_path: Path) -> None:
    config = llm_config(tmp_path, "http://127.0.0.1:9/v1", NETRAL_LLM__MODEL="gpt-5-pro")
    model = build_chat_model(config)
    assert model.use_responses_api is False
    assert model.max_retries == 0
    assert model.request_timeout == 2
    assert model.openai_api_base == "http://127.0.0.1:9/v1"


def test_model_routed_to_responses_by_name_still_calls_chat_completions(tmp_path: Path) -> None:
    with FakeOpenAI() as server:
        server.enqueue("ok")
        model = build_chat_model(
            llm_config(tmp_path, server.base_url, NETRAL_LLM__MODEL="gpt-5-pro")
        )
        assert model.invoke("halo").text == "ok"
        assert [r.path for r in server.requests] == ["/v1/chat/completions"]


def test_missing_api_key_still_reaches_a_local_server(tmp_path: Path) -> None:
    with FakeOpenAI() as server:
        config = make_config(
            tmp_path, NETRAL_LLM__PROVIDER="openai", OPENAI_BASE_URL=server.base_url
        )
        assert probe(config).startswith("reachable")
