"""Issue 4's request counts, measured at the fake server over whole builds:
edits buy exactly the pictures they change, and a budget stops paying."""

from __future__ import annotations

import re

import pytest
import yaml

from bookbuild.spec.pages import split_front_matter

from helpers import PIP_AND_TESS, write_files
from fakes.openai_server import fake_openai  # noqa: F401  (fixture, used by name)

BOOK = PIP_AND_TESS


@pytest.fixture
def ai_repo(fake_openai, tmp_path, monkeypatch, cli):
    root = write_files(tmp_path / "repo", {"bookbuild.toml": 'cache_dir = ".cache"\njobs = 4\n', "books/pt/book.yaml": BOOK})
    monkeypatch.chdir(root)
    monkeypatch.setenv("BOOKBUILD_PROVIDER", "openai")
    result = cli("build")
    assert result.exit_code == 0, result.output
    fake_openai.reset()
    return root


def pages_showing(root, name: str) -> list[int]:
    shown = []
    for path in sorted((root / "books/pt/pages").glob("*.md")):
        front = yaml.safe_load(split_front_matter(path.read_text())[0]) or {}
        names = front.get("characters")
        if names is None:
            names = [n for n in ("Pip", "Tess") if re.search(rf"\b{n}\b", front.get("illustration", ""), re.I)]
        if name in names:
            shown.append(int(path.stem))
    return shown


def test_one_prompt_edit_buys_exactly_one_picture(ai_repo, fake_openai, cli):
    page = ai_repo / "books/pt/pages/04.md"
    page.write_text(re.sub(r"illustration: .*", "illustration: Pip waves at a rainbow over the meadow", page.read_text()))
    assert cli("build").exit_code == 0
    counts = fake_openai.counts()
    assert len(fake_openai.drawn()) == 1  # with the reference pictures of who is shown, or without
    # The page's new prompt (the check of what the author wrote), the full prompt before drawing, the picture.
    assert counts.get("/moderations") == 3
    assert counts.get("/chat/completions", 0) == 0


def test_a_new_look_redraws_exactly_the_pictures_showing_that_character(ai_repo, fake_openai, cli):
    for number in range(1, 11):  # an author takes Tess off the first ten pages
        page = ai_repo / f"books/pt/pages/{number:02d}.md"
        text = re.sub(r"illustration: .*", f"illustration: Pip alone in the meadow, scene {number}", page.read_text())
        page.write_text(re.sub(r"characters:\n( *- .*\n)+", "characters: [Pip]\n", text))
    assert cli("build").exit_code == 0
    fake_openai.reset()
    with_tess = pages_showing(ai_repo, "Tess")
    assert with_tess == list(range(11, 22))
    yaml_path = ai_repo / "books/pt/book.yaml"
    yaml_path.write_text(yaml_path.read_text().replace("a green turtle with a blue shell", "a green turtle with a red shell"))
    assert cli("build").exit_code == 0
    prompts = [b["prompt"] for b in fake_openai.drawn()]
    assert len(prompts) == 1 + len(with_tess) + 1  # her reference picture, her pages and the cover
    assert all("red shell" in p for p in prompts)
    assert fake_openai.count("/chat/completions") == 0


def test_budget_stops_the_build_and_the_rest_is_bought_once(fake_openai, tmp_path, monkeypatch, cli):
    root = write_files(tmp_path / "repo", {"bookbuild.toml": 'cache_dir = ".cache"\n', "books/pt/book.yaml": BOOK})
    monkeypatch.chdir(root)
    monkeypatch.setenv("BOOKBUILD_PROVIDER", "openai")
    plan = cli("plan")
    estimate = float(re.search(r"estimated cost \$([0-9.]+)", plan.output).group(1))
    assert estimate > 0 and fake_openai.count() == 0
    stopped = cli("build", "--max-cost", f"{estimate / 3:.2f}")
    assert stopped.exit_code == 1 and "would pass the budget" in stopped.output
    first = len(fake_openai.drawn())
    assert 0 < first < 24
    assert cli("build").exit_code == 0
    assert fake_openai.count("/chat/completions") == 1  # the story was bought once
    assert len(fake_openai.drawn()) == 24  # every picture once in all: 21 pages, the cover, 2 reference pictures
