"""The chat model client: ChatOpenAI over any OpenAI-compatible server, and a reachability probe.

Everything is passed explicitly from the validated config (base URL, key, timeout), so nothing
here depends on the process environment. Retries are ours (`max_retries=0` here): the composer
makes one retry on a transient error, within its overall deadline.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import openai
from langchain_openai import ChatOpenAI

if TYPE_CHECKING:
    from bot.config import Config

DEFAULT_BASE_URL = "https://api.openai.com/v1"
PROBE_TIMEOUT_S = 3.0
# Local servers (Ollama, vLLM, llama.cpp) accept any key, but the SDK refuses to run without one.
NO_KEY = "not-set"


def _api_key(config: Config) -> str:
    secret = config.secrets.openai_api_key
    return secret.get_secret_value() if secret is not None and secret.get_secret_value() else NO_KEY


def _base_url(config: Config) -> str:
    return config.llm.base_url or DEFAULT_BASE_URL


def build_chat_model(config: Config) -> ChatOpenAI:
    """A ChatOpenAI on the Chat Completions API, configured from `config.llm`.

    `use_responses_api=False` because local OpenAI-compatible servers only serve
    `/chat/completions`, and LangChain would route some model names to `/responses`.
    """
    llm = config.llm
    return ChatOpenAI(
        model=llm.model,
        base_url=_base_url(config),
        api_key=_api_key(config),
        temperature=llm.temperature,
        max_tokens=llm.max_tokens,
        timeout=llm.timeout_s,
        max_retries=0,
        use_responses_api=False,
    )


def is_transient(exc: BaseException) -> bool:
    """Worth one immediate retry: a dropped connection or a 5xx. Timeouts have used the budget."""
    if isinstance(exc, openai.APITimeoutError):
        return False
    if isinstance(exc, openai.APIConnectionError):
        return True
    return isinstance(exc, openai.APIStatusError) and exc.status_code >= 500


def describe_error(exc: BaseException) -> str:
    """A short name for a failure: "HTTP 500", "timeout", or the innermost exception class."""
    if isinstance(exc, openai.APITimeoutError):
        return "timeout"
    if isinstance(exc, openai.APIStatusError):
        return f"HTTP {exc.status_code}"
    inner: BaseException = exc
    while inner.__cause__ is not None:
        inner = inner.__cause__
    return type(inner).__name__


def probe(config: Config) -> str:
    """Ask the configured server for its model list, with a short timeout.

    Returns:
        Short human text: "reachable (model gpt-4o-mini, 35 ms)", "unreachable: ConnectError",
        "unreachable: HTTP 401 (check OPENAI_API_KEY)", …
    """
    model = config.llm.model
    timeout = min(PROBE_TIMEOUT_S, config.llm.timeout_s)
    started = time.perf_counter()
    try:
        with openai.OpenAI(
            base_url=_base_url(config), api_key=_api_key(config), timeout=timeout, max_retries=0
        ) as client:
            names = [m.id for m in client.models.list()]
    except openai.APITimeoutError:
        return f"unreachable: no reply within {timeout:g} s"
    except openai.APIStatusError as exc:
        hint = " (check OPENAI_API_KEY)" if exc.status_code in (401, 403) else ""
        return f"unreachable: HTTP {exc.status_code}{hint}"
    except Exception as exc:  # any failure is a state to report, not a crash
        return f"unreachable: {describe_error(exc)}"
    ms = (time.perf_counter() - started) * 1000
    if names and model not in names:
        return f"reachable ({ms:.0f} ms), but the server does not list model {model}"
    return f"reachable (model {model}, {ms:.0f} ms)"
