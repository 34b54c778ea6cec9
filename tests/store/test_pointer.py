"""The serving generation's pointer in the store: chosen only when scaled out, followed by
every replica within its ttl, read at most once per ttl."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from bot.search.index import FilePointer
from bot.store.pointer import StorePointer, shared_pointer
from bot.store.repo import Store
from tests.conftest import make_config


def test_the_store_pointer_is_used_only_with_postgresql_and_a_chroma_server(
    open_store: Callable[[], Store], tmp_path: Path
) -> None:
    store = open_store()
    server = make_config(tmp_path, NETRAL_CHROMA__HOST="127.0.0.1")
    embedded = make_config(tmp_path)
    assert shared_pointer(embedded, store) is None
    assert shared_pointer(server, None) is None
    chosen = shared_pointer(server, store)
    assert (chosen is not None) == store.shared
    assert FilePointer(embedded).token() is None  # nothing built in this data dir


def test_replicas_follow_the_shared_pointer(open_store: Callable[[], Store]) -> None:
    writer, reader = StorePointer(open_store(), ttl=0.2), StorePointer(open_store(), ttl=0.2)
    assert reader.read() is None
    assert reader.token() is None
    writer.write({"generation": "g1", "units": 3})
    assert writer.token() is not None  # the writer switches at once
    time.sleep(0.25)
    first = reader.token()
    assert reader.read() == {"generation": "g1", "units": 3}
    writer.write({"generation": "g2", "units": 3})
    assert reader.token() == first  # within the ttl: no read
    time.sleep(0.25)
    assert reader.token() != first
    assert reader.read()["generation"] == "g2"
