"""Load versioned prompt templates from `prompts/<name>.yaml` into LangChain templates."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from langchain_core.prompts import ChatPromptTemplate

# The variables every answer prompt must use; the composer fills exactly these.
ANSWER_VARIABLES = frozenset({"question", "previous", "ruling", "units", "unit_count"})


class PromptError(Exception):
    """A prompt file is missing or malformed; the message names the file."""


@dataclass(frozen=True)
class Prompt:
    name: str
    version: int
    template: ChatPromptTemplate


def load_prompt(prompts_dir: Path, name: str) -> Prompt:
    """Read `prompts_dir/<name>.yaml` (keys: version, system, user) as a chat prompt.

    Args:
        prompts_dir: the configured prompts directory.
        name: template name from `llm.prompt`, e.g. "answer.v1".

    Returns:
        The prompt, whose template takes exactly `ANSWER_VARIABLES`.

    Raises:
        PromptError: the file is missing, not YAML, lacks a key or uses other variables.
    """
    path = prompts_dir / f"{name}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PromptError(f"prompt {path}: file not found (check llm.prompt)") from None
    except yaml.YAMLError as exc:
        raise PromptError(f"prompt {path}: not valid YAML ({exc.__class__.__name__})") from None
    if not isinstance(data, dict):
        raise PromptError(f"prompt {path}: the top level must be a mapping")
    missing = [key for key in ("version", "system", "user") if not data.get(key)]
    if missing:
        raise PromptError(f"prompt {path}: missing {', '.join(missing)}")
    template = ChatPromptTemplate.from_messages(
        [("system", str(data["system"])), ("human", str(data["user"]))]
    )
    used = set(template.input_variables)
    if used != ANSWER_VARIABLES:
        extra, absent = sorted(used - ANSWER_VARIABLES), sorted(ANSWER_VARIABLES - used)
        raise PromptError(f"prompt {path}: variables differ (unknown {extra}, unused {absent})")
    return Prompt(str(data.get("name", name)), int(data["version"]), template)
