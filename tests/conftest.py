from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, settings

import sakhalin

if TYPE_CHECKING:
    from tests.mediawiki import MediaWiki

settings.register_profile(
    "default", deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci", deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
settings.load_profile("ci" if os.environ.get("CI") else "default")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files in tests/golden/ from the current output",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether golden files are to be rewritten (pytest --update-golden)."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def battle() -> sakhalin.Battle:
    """The embedded battle."""
    return sakhalin.load()


@pytest.fixture(scope="session")
def mediawiki(tmp_path_factory: pytest.TempPathFactory) -> MediaWiki:
    """One real, offline MediaWiki for the whole run (see tests/mediawiki.py); skips when absent."""
    from tests.mediawiki import MediaWiki, missing

    why = missing()
    if why is not None:
        pytest.skip(why)
    return MediaWiki(tmp_path_factory.mktemp("mediawiki"))
