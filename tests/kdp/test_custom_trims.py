"""Custom trims: book.yaml and `preflight --trim` follow one rule from the one KDP table
(a standard trim, or a custom paperback trim 4-8.5 x 6-11.69 in, else an error)."""

from __future__ import annotations

import json

import pytest

from helpers import SMALL_BOOK, small_pages, write_files

CUSTOM = ["8.5x8.6", "4x6", "8.5x11.69", "6.5x6.5", "7.25x10"]  # inside KDP's custom range
NOT_KDP = ["9x12", "3.9x6", "8.6x10", "5x12", "4x5.9"]  # outside it


@pytest.fixture
def book_repo(tmp_path, monkeypatch):
    def make(trim: str):
        root = write_files(tmp_path / trim, {"bookbuild.toml": 'cache_dir = ".cache"\n', "books/small/book.yaml": SMALL_BOOK.replace("trim: 5x8", f"trim: {trim}"), **small_pages()})
        monkeypatch.chdir(root)
        return root

    return make


@pytest.mark.parametrize("trim", CUSTOM)
def test_a_custom_trim_is_a_valid_book_as_it_is_a_valid_pdf(book_repo, cli, trim, built_small):
    book_repo(trim)
    plan = cli("plan", "--format", "json")
    assert plan.exit_code == 0, plan.output
    pdf = built_small / "build/small/interior.pdf"  # the trim-size rule reads the spec, not the pages
    preflight = json.loads(cli("preflight", str(pdf), "--trim", trim, "--format", "json").stdout)
    (warning,) = [f for f in preflight["findings"] if f["rule"] == "trim-size"]
    assert warning["severity"] == "warning" and "custom paperback trim" in warning["message"]


@pytest.mark.parametrize("trim", NOT_KDP)
def test_a_size_kdp_does_not_print_is_refused_by_both(book_repo, cli, trim, built_small):
    book_repo(trim)
    plan = cli("plan")
    assert plan.exit_code == 2
    assert f"trim: {trim} is not a trim KDP prints" in plan.output and "custom paperback trim 4-8.5 x 6-11.69 in" in plan.output
    preflight = json.loads(cli("preflight", str(built_small / "build/small/interior.pdf"), "--trim", trim, "--format", "json").stdout)
    (error,) = [f for f in preflight["findings"] if f["rule"] == "trim-size"]
    assert error["severity"] == "error" and "4-8.5 in wide and 6-11.69 in tall" in error["message"]


def test_a_custom_trim_book_builds_to_its_size_with_the_same_warning_as_preflight(book_repo, cli):
    root = book_repo("5.5x7.5")
    result = cli("build", "--format", "json")
    assert result.exit_code == 0, result.output
    findings = json.loads(result.stdout)["findings"]
    assert [f["severity"] for f in findings if f["rule"] == "trim-size"] == ["warning"]
    assert not [f for f in findings if f["rule"] in ("page-size", "cover-size")]
    from pypdf import PdfReader

    box = PdfReader(root / "build/small/interior.pdf").pages[0].mediabox
    assert (round(float(box.width) / 72, 3), round(float(box.height) / 72, 3)) == (5.625, 7.75)  # trim + bleed
    again = cli("preflight", "build/small/interior.pdf", "--trim", "5.5x7.5", "--bleed", "--format", "json")
    assert [f["message"] for f in json.loads(again.stdout)["findings"] if f["rule"] == "trim-size"] == [f["message"] for f in findings if f["rule"] == "trim-size"]
