"""Shared test set-up; pytest puts this folder on sys.path (for `gen` and `browser`)."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def chromium() -> str:
    """The path of headless Chromium (skips the test when it cannot be had)."""
    from browser import find_chromium
    return find_chromium()
