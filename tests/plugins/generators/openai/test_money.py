"""Issue 13's money, measured at the fake server with the real `openai` client: the
budget is a hard cap whatever the server bills, every paid answer is counted (a
failed task's too), nothing is paid twice, and an empty account stops the build."""

from __future__ import annotations

import json

import pytest

from bookbuild.engine.budget import Meter, running
from bookbuild.errors import ProviderError
from bookbuild.providers import ImageRequest

from helpers import PIP_AND_TESS, write_files
from fakes.openai_server import fake_openai, make_provider  # noqa: F401  (fixtures, used by name)

BOOK = PIP_AND_TESS
IMAGES = ("/images/generations", "/images/edits")


def repo(tmp_path, monkeypatch, toml: str = "", book: str = BOOK, pages: dict[str, str] | None = None, jobs: int = 4):
    files = {"bookbuild.toml": f'cache_dir = ".cache"\njobs = {jobs}\n' + toml, "books/pt/book.yaml": book, **(pages or {})}
    root = write_files(tmp_path / "repo", files)
    monkeypatch.chdir(root)
    monkeypatch.setenv("BOOKBUILD_PROVIDER", "openai")
    return root


def manifest(root) -> dict:
    return json.loads((root / "build/pt/manifest.json").read_text())


def hand_written(prompts: list[str]) -> dict[str, str]:
    return {f"books/pt/pages/{i:02d}.md": f"---\nillustration: {p}\n---\nPage {i}: a calm day in the meadow.\n" for i, p in enumerate(prompts, 1)}


# -- 1. the budget is a hard cap --------------------------------------------------------------


@pytest.mark.parametrize("scale", [1, 2, 4])
def test_max_cost_holds_when_the_server_bills_more_than_the_price_table(fake_openai, tmp_path, monkeypatch, cli, scale):
    fake_openai.token_scale = scale  # every answer takes, and bills, `scale` times the tokens
    root = repo(tmp_path, monkeypatch)
    result = cli("build", "--max-cost", "0.5")
    assert result.exit_code == 1 and "would pass the budget of $0.50 for this build" in result.output
    billed = fake_openai.billed()
    assert 0 < billed <= 0.50
    assert manifest(root)["totals"]["cost"] == pytest.approx(billed, abs=1e-4)  # what the server billed, counted
    assert f"${billed:.2f}" in result.output  # the failed build says what it spent


def test_a_book_cap_holds_over_many_builds_and_the_manifest_keeps_the_running_total(fake_openai, tmp_path, monkeypatch, cli):
    root = repo(tmp_path, monkeypatch, "max_book_cost = 0.4\n")
    first = cli("build")
    assert first.exit_code == 1 and "would pass the budget of $0.40 for book pt over all its builds" in first.output
    assert "spent_to_date in build/pt/manifest.json" in first.output
    assert manifest(root)["spent_to_date"] == pytest.approx(fake_openai.billed(), abs=1e-4)
    for _ in range(2):  # the next builds find the running total and buy almost nothing more
        assert cli("build").exit_code == 1
    assert fake_openai.billed() <= 0.40
    assert manifest(root)["spent_to_date"] == pytest.approx(fake_openai.billed(), abs=1e-4)


def test_a_repository_cap_counts_every_books_running_total(fake_openai, tmp_path, monkeypatch, cli):
    root = repo(tmp_path, monkeypatch, "max_total_cost = 0.5\n")
    write_files(root, {"books/other/book.yaml": BOOK.replace("Pip and Tess", "Tess and Pip")})
    assert cli("build", "pt").exit_code == 1
    spent_pt = fake_openai.billed()
    result = cli("build", "other")
    assert result.exit_code == 1 and "for all books over all their builds" in result.output
    assert fake_openai.billed() <= 0.5
    spent = {slug: json.loads((root / f"build/{slug}/manifest.json").read_text())["spent_to_date"] for slug in ("pt", "other")}
    assert spent["pt"] == pytest.approx(spent_pt, abs=1e-4) and sum(spent.values()) == pytest.approx(fake_openai.billed(), abs=1e-4)


def test_what_a_build_learns_about_prices_the_next_build_holds_from_its_first_call(fake_openai, tmp_path, monkeypatch, cli):
    fake_openai.token_scale = 4
    root = repo(tmp_path, monkeypatch, "max_total_cost = 0.5\n")
    for _ in range(3):
        assert cli("build").exit_code == 1
        assert fake_openai.billed() <= 0.5
    factors = manifest(root)["price_factors"]
    assert factors["image"] == pytest.approx(4, rel=0.15)  # pictures cost about 4x their table worst case
    fake_openai.token_scale = 1  # the price is back to the table's: the next build learns that too
    (root / "bookbuild.toml").write_text('cache_dir = ".cache"\njobs = 4\n')
    assert cli("build").exit_code == 0
    assert manifest(root)["price_factors"]["image"] == pytest.approx(1)


# -- 2. failed paid calls count -------------------------------------------------------------


def test_a_picture_flagged_twice_is_counted_in_the_manifest_the_summary_and_the_budget(fake_openai, tmp_path, monkeypatch, cli):
    prompts = ["Pip in the meadow"] * 3 + ["Tess meets a FLAGIMAGE bear"] + ["Tess by the pond"] * 3
    root = repo(tmp_path, monkeypatch, "[openai]\nreference_images = false\n", pages=hand_written(prompts))
    result = cli("build", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    (failed,) = [f for f in data["books"][0]["failed"] if "flagged" in f["error"]]
    assert failed["task"] == "illustration:04" and "twice" in failed["error"]
    entry = next(t for t in manifest(root)["tasks"] if t["task"] == "illustration:04")
    assert entry["status"] == "failed" and entry["usage"]["images"] == 2 and entry["usage"]["cost"] > 0.12
    totals = manifest(root)["totals"]
    assert totals["cost"] == pytest.approx(fake_openai.billed(), abs=1e-4) and totals["requests"] == fake_openai.count()
    assert data["books"][0]["totals"]["cost"] == totals["cost"]


@pytest.mark.parametrize("how", ["option", "variable"])
def test_requests_in_flight_for_one_run_over_the_setting(fake_openai, tmp_path, monkeypatch, cli, how):
    root = repo(tmp_path, monkeypatch, "[openai]\nconcurrency = 4\nreference_images = false\n", pages=hand_written([f"Pip in the meadow, scene {i}" for i in range(1, 7)]))
    fake_openai.latency = 0.1
    if how == "variable":
        monkeypatch.setenv("BOOKBUILD_REQUESTS", "1")
    cli("build", *(["--requests", "1"] if how == "option" else []))  # exit 1: six pages are too few for KDP (blank-pages)
    assert {t["status"] for t in manifest(root)["tasks"]} == {"ran"}
    assert fake_openai.max_in_flight == 1 and len(fake_openai.drawn()) == 7  # six pages and the cover, one request at a time
    assert manifest(root)["totals"]["requests"] == fake_openai.count()


def test_answers_that_are_not_pictures_are_retried_counted_and_named(fake_openai, tmp_path, monkeypatch, cli):
    root = repo(tmp_path, monkeypatch, "[openai]\nconcurrency = 1\nreference_images = false\n", pages=hand_written(["Pip in the meadow"]), jobs=1)
    # The cover's two tries, whichever picture takes a free request slot first.
    fake_openai.answer_next("notimage", 2, path="/images/generations", prompt_has="front-cover illustration")
    result = cli("build")
    assert result.exit_code == 1
    assert f"cover-art: {fake_openai.base_url} answered the cover art for 'Pip and Tess. a sunny meadow' with 33 bytes that are not a picture" in result.output
    assert "twice" in result.output and "plugin" not in result.output
    entry = next(t for t in manifest(root)["tasks"] if t["task"] == "cover-art")
    assert entry["usage"]["images"] == 2  # both answers were paid for
    assert manifest(root)["totals"]["cost"] == pytest.approx(fake_openai.billed(), abs=1e-4)


def test_a_timed_out_picture_is_counted_at_its_price(fake_openai):
    from bookbuild.plugins.generators.openai import OpenAIProvider

    fake_openai.latency = 1.0
    provider = OpenAIProvider({"timeout": 0.2, "max_retries": 0, "moderation": False})
    task = Meter()
    with running(task), pytest.raises(ProviderError, match="within 0.2 s"):
        provider.draw_image(ImageRequest("Pip in the meadow", (), 1538, 2475))
    assert task.usage["requests"] == 1 and task.usage["cost"] == pytest.approx(0.063)


# -- 3. nothing is paid twice ----------------------------------------------------------------


def test_a_book_with_repeated_prompts_pays_for_each_picture_once(fake_openai, tmp_path, monkeypatch, cli):
    prompts = ["Pip runs through the meadow" if i % 2 else "Tess naps by the pond" for i in range(1, 22)]
    root = repo(tmp_path, monkeypatch, "[openai]\nreference_images = false\n", pages=hand_written(prompts))
    plan = cli("plan")
    assert "AI calls: 3, estimated cost" in plan.output  # each request once: 2 pictures and the cover
    result = cli("build")
    assert result.exit_code == 0, result.output
    drawn = fake_openai.drawn()
    assert len(drawn) == 3
    assert len({b["prompt"] for b in drawn}) == 3
    statuses = [t["status"] for t in manifest(root)["tasks"] if t["task"].startswith("illustration:")]
    assert statuses.count("ran") == 2 and statuses.count("cached") == 19


def test_diffs_two_sides_share_their_requests(fake_openai, tmp_path, monkeypatch, cli):
    from helpers.diff_repo import commit, git

    prompts = ["Pip runs through the meadow", "Tess meets a FLAGIMAGE bear"]
    root = repo(tmp_path, monkeypatch, "[openai]\nreference_images = false\n", pages=hand_written(prompts))
    write_files(root, {".gitignore": "build/\n.cache/\n"})
    git(root, "init", "-q", "-b", "main")
    commit(root, "start")
    page = root / "books/pt/pages/01.md"
    page.write_text(page.read_text().replace("a calm day", "a sunny day"))  # text only: the pictures are the same
    result = cli("diff", "start", "--out", str(tmp_path / "review"))
    assert result.exit_code == 0, result.output
    prompts_drawn = [b["prompt"] for b in fake_openai.drawn()]
    assert sum("FLAGIMAGE" in p for p in prompts_drawn) == 2  # flagged twice on the base; the head did not ask again
    assert sum("Pip runs" in p for p in prompts_drawn) == 1  # drawn for the base, taken from the cache by the head


# -- 6. an empty account stops the build at once ------------------------------------------------


def test_insufficient_quota_stops_the_build_at_once_with_a_billing_message(fake_openai, tmp_path, monkeypatch, cli):
    root = repo(tmp_path, monkeypatch, "[openai]\nreference_images = false\n", pages=hand_written(["Pip in the meadow, scene %d" % i for i in range(1, 22)]))
    fake_openai.fail_next(429, path="/images/generations", code="insufficient_quota")
    result = cli("build")
    assert result.exit_code == 1
    assert "the account is out of credit (429 insufficient_quota), so no further AI call was started" in result.output
    assert "https://platform.openai.com/settings/organization/billing" in result.output and "rate limit" in result.output
    images = fake_openai.logged("/images/generations")
    assert [r.status for r in images].count(429) == 1  # not retried
    assert len(images) <= 4  # at most the requests already in flight (concurrency 4) came after; 22 were to be drawn
    assert not (root / "build/pt/interior.pdf").exists()


# -- 7. writing back a story changes no key ----------------------------------------------------


TESS = "  - name: Tess\n    visual: a green turtle with a blue shell\n"
CASTS = {"both": BOOK, "one": BOOK.replace(TESS, ""), "none": BOOK.replace(BOOK[BOOK.index("characters:") : BOOK.index("page_count")], "")}


@pytest.mark.parametrize("cast", sorted(CASTS))
def test_a_new_generated_book_built_again_makes_no_request(fake_openai, tmp_path, monkeypatch, cli, cast):
    """However many characters book.yaml lists (the model invents the rest), the story
    written back to pages/ and bible.yaml changes no key: the cover above all."""
    root = repo(tmp_path, monkeypatch, book=CASTS[cast])
    assert cli("build").exit_code == 0
    assert (root / "books/pt/pages/01.md").is_file() and (root / "books/pt/bible.yaml").is_file()  # written back
    fake_openai.reset()
    again = cli("build")
    assert again.exit_code == 0, again.output
    assert fake_openai.count() == 0, fake_openai.counts()
