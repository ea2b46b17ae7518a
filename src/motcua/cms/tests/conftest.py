"""Fixtures of the website tests: the page tree that migration 0002 makes
in every database; files under a temporary MEDIA_ROOT, never the
developer's var/."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from motcua.cms.models import (
    ContactPage,
    DocumentLibraryPage,
    GuideIndexPage,
    HomePage,
    NewsIndexPage,
)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def site(db: None) -> SimpleNamespace:
    home = HomePage.objects.get()
    return SimpleNamespace(
        home=home,
        news=NewsIndexPage.objects.child_of(home).get(),
        guides=GuideIndexPage.objects.child_of(home).get(),
        library=DocumentLibraryPage.objects.child_of(home).get(),
        contact=ContactPage.objects.child_of(home).get(),
    )
