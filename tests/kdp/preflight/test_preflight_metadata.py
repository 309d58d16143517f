"""check_metadata: KDP's book-details limits."""

from __future__ import annotations

import pytest

from bookbuild.kdp.preflight import check_metadata

GOOD = {"title": "The Brave Little Fox", "subtitle": "A Bedtime Story", "description": "A fox learns courage.", "keywords": ["fox", "courage"], "age_group": "3-5"}


def rules(meta: dict) -> set[tuple[str, str]]:
    return {(f.rule, f.severity) for f in check_metadata(meta)}


def test_good_metadata_is_clean():
    assert check_metadata(GOOD) == []


def test_missing_keys_are_fine():
    assert check_metadata({}) == []


def test_title_and_subtitle_under_200():
    assert rules({**GOOD, "title": "t" * 150, "subtitle": "s" * 49}) == set()
    assert rules({**GOOD, "title": "t" * 150, "subtitle": "s" * 50}) == {("metadata-title-length", "error")}


def test_description_4000():
    assert rules({**GOOD, "description": "d" * 4000}) == set()
    assert rules({**GOOD, "description": "d" * 4001}) == {("metadata-description-length", "error")}


def test_keywords_count_and_length():
    assert rules({**GOOD, "keywords": ["k"] * 7}) == set()
    assert rules({**GOOD, "keywords": ["k"] * 8}) == {("metadata-keywords", "error")}
    findings = check_metadata({**GOOD, "keywords": ["fine", "x" * 51]})
    assert [(f.rule, f.severity) for f in findings] == [("metadata-keywords", "error")]
    assert "51 characters" in findings[0].message


@pytest.mark.parametrize(
    "ages, expected",
    [("3-5", set()), ("2-6", set()), ("0-8", {("metadata-age-range", "warning")}), ("8-3", {("metadata-age-range", "error")}), ("toddlers", {("metadata-age-range", "error")}), ("4", set())],
)
def test_age_range(ages, expected):
    assert rules({**GOOD, "age_group": ages}) == expected
