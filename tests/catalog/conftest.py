"""Each catalogue test starts from the data file alone (no edit cached from an earlier test); tests
that only read share one emptied platform per class."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from webox.catalog import service as catalog_service
from webox.local.host import LocalHost


@pytest.fixture(autouse=True)
def fresh_catalogue() -> Iterator[None]:
    catalog_service.invalidate()
    yield
    catalog_service.invalidate()


@pytest.fixture(scope="class")
def reader(live_server: LocalHost) -> Iterator[httpx.Client]:
    """A signed-out client of a platform emptied once for the whole class (its tests only read)."""
    live_server.reset()
    with httpx.Client(base_url=live_server.url, headers={"Origin": live_server.url}, timeout=30) as client:
        yield client
