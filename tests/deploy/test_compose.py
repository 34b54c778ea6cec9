"""The deployment files, checked without a Docker engine (none on these machines).

docker-compose.yml must parse, point every service at an image or an existing build context,
reference only variables that .env.example documents, declare its named volumes and hold no
secret. The Dockerfile must copy only what exists and survives .dockerignore, run as a non-root
user, keep its state in a volume and check health on the ops port.
"""

from __future__ import annotations

import fnmatch
import re

import pytest
import yaml

from bot.config import load_config
from tests.conftest import ROOT
from tests.deploy.conftest import VARIABLE, compose, interpolate

SECRETS = ("TELEGRAM_BOT_TOKEN", "NETRAL_WEBHOOK_SECRET", "OPENAI_API_KEY", "POSTGRES_PASSWORD")
SCALE = {"postgres", "bot-1", "bot-2", "proxy"}


def _env_example() -> dict[str, str]:
    pairs = {}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            pairs[name.strip()] = value.strip()
    return pairs


def _referenced_variables() -> set[str]:
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    bare = re.findall(r"(?<!\$)\$([A-Za-z_][A-Za-z0-9_]*)", text)
    assert not bare, f"use ${{VAR}} so the references can be checked: {bare}"
    return {match.group(1) for match in VARIABLE.finditer(text)}


def _dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text(encoding="utf-8")


def _dockerignore() -> list[str]:
    lines = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _ignored(path: str, patterns: list[str]) -> bool:
    ignored = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        bare = pattern.lstrip("!").rstrip("/").removeprefix("**/")
        if fnmatch.fnmatch(path, bare) or fnmatch.fnmatch(path.split("/")[0], bare):
            ignored = not negate
    return ignored


def test_compose_parses_with_bot_chroma_and_an_llm_profile() -> None:
    services = compose()["services"]
    assert set(services) == {"bot", "chroma", "llm", *SCALE}
    assert services["llm"]["profiles"] == ["llm"]
    assert all(services[name]["profiles"] == ["scale"] for name in SCALE)
    assert "profiles" not in services["bot"]
    assert "profiles" not in services["chroma"]
    assert services["bot"]["depends_on"]["chroma"]["condition"] == "service_healthy"


def test_every_service_has_a_pinned_image_or_an_existing_build_context() -> None:
    for name, service in compose()["services"].items():
        build = service.get("build")
        if build is not None:
            context = ROOT / (build if isinstance(build, str) else build.get("context", "."))
            dockerfile = (
                build.get("dockerfile", "Dockerfile") if isinstance(build, dict) else "Dockerfile"
            )
            assert context.is_dir(), name
            assert (context / dockerfile).is_file(), name
        else:
            image = service["image"]
            assert ":" in image, f"{name}: pin the image tag"
            assert not image.endswith(":latest"), name


def test_chroma_is_the_official_image_pinned_to_1x_with_telemetry_off() -> None:
    chroma = compose()["services"]["chroma"]
    repository, tag = chroma["image"].split(":")
    assert repository == "chromadb/chroma"
    assert tag.startswith("1.")
    assert chroma["environment"]["ANONYMIZED_TELEMETRY"] == "False"
    assert any(volume.endswith(":/data") for volume in chroma["volumes"])


def test_every_referenced_variable_is_documented_in_env_example() -> None:
    documented = _env_example()
    missing = sorted(_referenced_variables() - set(documented))
    assert not missing, f"document these in .env.example: {missing}"
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    for name in documented:
        # Each variable has a comment right above it.
        before = text.split(f"\n{name}=")[0].rstrip().splitlines()[-1]
        assert before.startswith("#"), name


def test_env_example_holds_no_secret_values() -> None:
    documented = _env_example()
    for name in SECRETS:
        assert documented.get(name) == "", name


def test_compose_holds_no_secret_values() -> None:
    services = compose()["services"]
    for service in ("bot", "bot-1", "bot-2"):
        env = services[service]["environment"]
        for name in SECRETS[:3]:
            assert VARIABLE.fullmatch(env[name]), f"{service}: {name} must come from .env"
        url = env.get("NETRAL_STORE__URL", "")
        assert not re.search(r"://[^/@]+:[^/@]*@", url), "no password inside the store URL"
    assert VARIABLE.fullmatch(services["postgres"]["environment"]["POSTGRES_PASSWORD"])
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert not re.search(r"\d{6,}:[A-Za-z0-9_-]{30,}", text)  # a Telegram token's shape
    assert "sk-" not in text


def test_named_volumes_are_declared_and_the_data_dir_is_one() -> None:
    data = compose()
    declared = set(data["volumes"])
    used = set()
    for service in data["services"].values():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if not source.startswith((".", "/", "~")):
                used.add(source)
    assert used <= declared, used - declared
    bot = data["services"]["bot"]
    target = bot["environment"]["NETRAL_DATA_DIR"]
    assert f"netral-data:{target}" in bot["volumes"]
    # Regulations published over Telegram persist: the corpus directory is a volume the image
    # makes writable for its user (the code stays read-only).
    regulations = "/app/" + str(load_config(ROOT / "config.yaml", {}).corpus.regulations_dir)
    assert f"netral-corpus:{regulations}" in bot["volumes"]
    assert f"chown -R netral:netral {regulations}" in _dockerfile()
    assert "WORKDIR /app" in _dockerfile()


def test_bot_environment_is_a_valid_netral_configuration() -> None:
    # What the bot container sees with a minimal .env: it must load as a config.
    env = {"TELEGRAM_BOT_TOKEN": "123456:TEST"}
    bot = compose()["services"]["bot"]["environment"]
    resolved = {name: interpolate(str(value), env) for name, value in bot.items()}
    config = load_config(ROOT / "config.yaml", resolved)
    assert config.chroma.host == "chroma"
    assert config.chroma.port == 8000
    assert config.telegram.webhook_url is None  # → polling
    assert config.ops.listen == "0.0.0.0"
    assert config.logging.json_lines is True
    assert config.llm.provider == "none"


def test_missing_token_stops_compose_with_a_pointer_to_env_example() -> None:
    bot = compose()["services"]["bot"]["environment"]
    with pytest.raises(KeyError, match=r"\.env\.example"):
        interpolate(bot["TELEGRAM_BOT_TOKEN"], {})


def test_published_ports_match_the_configured_ones() -> None:
    bot = compose()["services"]["bot"]
    env = bot["environment"]
    targets = {port.rsplit(":", 1)[1] for port in bot["ports"]}
    assert targets == {env["NETRAL_OPS__PORT"], env["NETRAL_TELEGRAM__WEBHOOK_PORT"]}
    for port in bot["ports"]:
        assert interpolate(port, {}).startswith("127.0.0.1:"), "publish on loopback by default"


def test_dockerfile_copies_only_what_exists_and_is_not_ignored() -> None:
    text = _dockerfile()
    patterns = _dockerignore()
    sources = []
    for line in text.splitlines():
        if line.startswith("COPY ") and "--from=" not in line:
            sources += line.split()[1:-1]
    assert sources
    for source in sources:
        assert (ROOT / source).exists(), source
        assert not _ignored(source, patterns), f"{source} is excluded by .dockerignore"
    for needed in ("bot", "regulations", "knowledge", "prompts", "config.yaml", "pyproject.toml"):
        assert needed in sources, needed
    for private in (".env", "data", ".git", "tests"):
        assert _ignored(private, patterns), private


def test_dockerfile_is_multi_stage_non_root_with_volume_and_healthcheck() -> None:
    text = _dockerfile()
    stages = re.findall(r"^FROM\s+(\S+)", text, re.MULTILINE)
    assert len(stages) == 2
    assert "slim" in text.split("ARG PYTHON_IMAGE=")[1].split()[0]
    user = re.findall(r"^USER\s+(\S+)", text, re.MULTILINE)
    assert user
    assert user[-1] not in ("root", "0")
    assert 'VOLUME ["/data"]' in text
    assert "NETRAL_DATA_DIR=/data" in text
    healthcheck = next(line for line in text.splitlines() if line.strip().startswith("CMD ["))
    assert "/healthz" in healthcheck
    assert "NETRAL_OPS__PORT" in healthcheck
    assert "HEALTHCHECK" in text
    instructions = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    assert "torch" not in instructions
    runtime = instructions.split("\nFROM ")[-1]
    assert "build-essential" not in runtime
    assert "apt-get" not in runtime


def test_image_defaults_agree_with_the_compose_file() -> None:
    env = compose()["services"]["bot"]["environment"]
    text = _dockerfile()
    for name in ("NETRAL_DATA_DIR", "NETRAL_OPS__PORT", "NETRAL_OPS__LISTEN"):
        assert f"{name}={env[name]}" in text, name


def test_compose_file_is_plain_yaml_without_anchors_tricks() -> None:
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert "version:" not in text  # obsolete in Compose v2
    assert yaml.safe_load(text)["name"] == "netral"


def test_scale_profile_runs_two_webhook_replicas_on_postgresql_behind_a_proxy() -> None:
    services = compose()["services"]
    env = {"TELEGRAM_BOT_TOKEN": "123456:TEST", "NETRAL_WEBHOOK_URL": "https://x.test/telegram"}
    for name in ("bot-1", "bot-2"):
        service = services[name]
        assert service["image"] == services["bot"]["image"]
        assert "ports" not in service  # only the proxy is published
        resolved = {k: interpolate(str(v), env) for k, v in service["environment"].items()}
        config = load_config(ROOT / "config.yaml", resolved)
        assert config.store.url == "postgresql://netral@postgres:5432/netral"
        assert config.telegram.mode == "webhook"
        assert config.chroma.host == "chroma"
        assert "PGPASSWORD" in service["environment"]
        assert "netral-data:/data" in service["volumes"]
    assert services["bot-1"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["bot-2"]["depends_on"]["bot-1"]["condition"] == "service_healthy"
    proxy = services["proxy"]
    mount = proxy["volumes"][0].split(":")
    conf = (ROOT / mount[0]).read_text(encoding="utf-8")
    assert mount[1] == "/etc/nginx/nginx.conf"
    assert "server bot-1:8080" in conf
    assert "server bot-2:8080" in conf
    assert "non_idempotent" in conf  # retrying a POST is safe: updates are de-duplicated
    assert set(proxy["depends_on"]) == {"bot-1", "bot-2"}
    assert "pg_isready" in services["postgres"]["healthcheck"]["test"]
