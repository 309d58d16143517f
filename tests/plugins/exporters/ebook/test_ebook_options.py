"""What a publisher sets: `ebook:` on or off, the coloring book that has none, KDP's
AI-content answers; and what they get: the same bytes for the same inputs, dated by
SOURCE_DATE_EPOCH."""

from __future__ import annotations

import zipfile

import pytest

from bookbuild.epub import read
from bookbuild.plugins.exporters.ebook.aicontent import answers
from helpers import PAID_PLUGIN, SMALL_BOOK, small_pages, write_files

EBOOK = "build/small/ebook.epub"


def test_ebook_false_builds_none_and_removes_the_last_one(built_copy, cli):
    assert (built_copy / EBOOK).is_file()
    spec = built_copy / "books/small/book.yaml"
    spec.write_text(spec.read_text() + "ebook: false\n")
    plan = cli("plan")
    assert plan.exit_code == 0 and " ebook " not in plan.output and "ebook-cover" not in plan.output
    result = cli("build")
    assert result.exit_code == 0, result.output
    assert not (built_copy / EBOOK).exists(), "a stale ebook would be served and uploaded by mistake"
    assert "ebook.epub" not in result.output


def test_a_coloring_book_has_no_ebook_and_cannot_ask_for_one(scratch_repo, cli):
    made = cli("new", "books/shapes", "--type", "coloring")
    assert made.exit_code == 0, made.output
    plan = cli("plan", "shapes")
    assert plan.exit_code == 0 and "ebook" not in plan.output
    spec = scratch_repo / "books/shapes/book.yaml"
    spec.write_text(spec.read_text() + "ebook: true\n")
    line = spec.read_text().splitlines().index("ebook: true") + 1
    result = cli("plan", "shapes")
    assert result.exit_code == 2
    assert f"books/shapes/book.yaml:{line}: ebook: a coloring book has no ebook edition" in result.output
    assert "remove `ebook: true`" in result.output


@pytest.mark.parametrize("text, message", [
    ("ebook: maybe\n", "ebook: expected true or false, got text 'maybe'"),
    ("ai_content:\n  text: all-minimall\n", "ai_content.text: 'all-minimall' is not allowed (did you mean 'all-minimal'?"),
    ("ai_content:\n  images: lots\n", "ai_content.images: 'lots' is not allowed"),
    ("ai_content:\n  tools: [ChatGPT, '']\n", "ai_content.tools: expected a list of tool names"),
    ("ai_content:\n  txt: none\n", "ai_content.txt: unknown key (did you mean 'text'?)"),
])
def test_a_wrong_key_names_the_file_line_and_fix(scratch_repo, cli, text, message):
    spec = scratch_repo / "books/small/book.yaml"
    spec.write_text(spec.read_text() + text)
    result = cli("plan")
    assert result.exit_code == 2
    last = len(spec.read_text().splitlines())  # every case puts the wrong key on the last line
    assert f"books/small/book.yaml:{last}: {message}" in result.output


def test_same_inputs_give_the_same_bytes_dated_by_source_date_epoch(tmp_path, monkeypatch, cli):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    made = []
    for name in ("one", "two"):  # two repositories, two caches: nothing shared but the inputs
        root = write_files(tmp_path / name, {"bookbuild.toml": 'cache_dir = ".cache"\n', "books/small/book.yaml": SMALL_BOOK, **small_pages()})
        assert cli("-C", str(root), "build").exit_code == 0
        made.append((root / EBOOK).read_bytes())
    assert made[0] == made[1]
    with zipfile.ZipFile(tmp_path / "one" / EBOOK) as archive:
        infos = archive.infolist()
    assert (infos[0].filename, infos[0].compress_type, infos[0].extra) == ("mimetype", zipfile.ZIP_STORED, b"")
    assert infos[1].filename == "META-INF/container.xml" and "OEBPS/package.opf" in [i.filename for i in infos]
    assert {i.date_time for i in infos} == {(2023, 11, 14, 22, 13, 20)}
    assert read(tmp_path / "one" / EBOOK).meta("dcterms:modified") == ["2023-11-14T22:13:20Z"]


def test_without_source_date_epoch_the_date_is_fixed_too(built_small):
    with zipfile.ZipFile(built_small / EBOOK) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}  # never the time of the build
    assert read(built_small / EBOOK).meta("dcterms:modified") == ["1980-01-01T00:00:00Z"]


@pytest.mark.parametrize("story, pictures, text, images", [
    (False, 0, "None", "None"),
    (True, 0, "Entire work, with minimal or no editing", "None"),
    (False, 1, "None", "One or a few AI-generated images, with minimal or no editing"),
    (False, 3, "None", "One or a few AI-generated images, with minimal or no editing"),
    (False, 4, "None", "Many AI-generated images, with minimal or no editing"),
    (True, 22, "Entire work, with minimal or no editing", "Many AI-generated images, with minimal or no editing"),
])
def test_ai_answers_are_kdps_own_words(story, pictures, text, images):
    found = answers({}, story, pictures, "openai")
    assert (found["text"], found["images"], found["translations"]) == (text, images, "None")
    assert found["generated"] == (story or pictures > 0)
    assert found["tools"] == (["openai"] if found["generated"] else [])


def test_what_the_author_declares_wins():
    found = answers({"text": "some-extensive", "translations": "all-minimal", "tools": ["ChatGPT", "DeepL"]}, False, 0, "offline")
    assert (found["text"], found["images"], found["translations"]) == ("Some sections, with extensive editing", "None", "Entire work, with minimal or no editing")
    assert found["generated"] and found["tools"] == ["ChatGPT", "DeepL"]
    assert answers({"images": "none", "text": "none"}, True, 30, "openai")["generated"] is False


def test_a_paid_ai_story_and_pictures_are_declared_in_the_ebook(tmp_path, cli):
    # No pages/: the provider writes the story, and draws every picture.
    root = write_files(tmp_path / "repo", {"bookbuild.toml": 'provider = "paid"\ncache_dir = ".cache"\nwrite_generated_pages = "never"\n', "plugins/paid.py": PAID_PLUGIN, "books/small/book.yaml": SMALL_BOOK})
    result = cli("-C", str(root), "build")
    assert result.exit_code == 0, result.output
    ebook = read(root / EBOOK)
    assert ebook.meta("kdp-ai:generated") == ["yes"]
    assert ebook.meta("kdp-ai:text") == ["Entire work, with minimal or no editing"]
    assert ebook.meta("kdp-ai:images") == ["Many AI-generated images, with minimal or no editing"]
    assert ebook.meta("kdp-ai:translations") == ["None"] and ebook.meta("kdp-ai:tool") == ["paid"]
    # The author edited the text heavily and names the tools: that wins, and costs no new call.
    spec = root / "books/small/book.yaml"
    spec.write_text(spec.read_text() + "ai_content:\n  text: all-extensive\n  tools: [ChatGPT, Midjourney]\n")
    again = cli("-C", str(root), "build")
    assert again.exit_code == 0 and "AI calls" not in again.output
    ebook = read(root / EBOOK)
    assert ebook.meta("kdp-ai:text") == ["Entire work, with extensive editing"] and ebook.meta("kdp-ai:tool") == ["ChatGPT", "Midjourney"]


def test_a_book_type_without_a_printed_cover_takes_the_cover_art(built_copy):
    """A book type that makes cover art but no cover.pdf still gets a KDP cover: the art's
    trim, at 2560 px on the long side (run by the engine, the cover art from the cache)."""
    import io

    from PIL import Image, ImageChops, ImageStat

    from bookbuild.engine.build import plan_graph, run_tasks
    from bookbuild.graph import ids
    from bookbuild.plugins.exporters.ebook import VERSION, pages, pictures
    from bookbuild.project import Project

    project = Project.open(built_copy)
    book = project.load_books(["small"])[0]
    graph = plan_graph(project, [book])
    story, art = graph.tasks[ids.story(book)], graph.tasks[ids.cover_art(book)]
    cover = pictures.cover_task(book, False, pages.cover_size(book, 2560), "test", VERSION)
    results = run_tasks(project, book, [story, art, cover])
    project.cache.close()
    assert results[art.id].cached and results[cover.id].status == "ran"
    made = Image.open(io.BytesIO(results[cover.id].output.file(ids.IMAGE))).convert("RGB")
    assert made.size == (1600, 2560)  # 5x8 in
    # The front panel with its bleed on the top, bottom and outside (right) edge: 5.125 x 8.25 in.
    drawn = Image.open(io.BytesIO(results[art.id].output.file(ids.IMAGE))).convert("RGB")
    assert drawn.size == (1538, 2475)
    trim = drawn.crop((0, 38, 1500, 38 + 2400))
    assert sum(ImageStat.Stat(ImageChops.difference(made.resize((160, 256)), trim.resize((160, 256)))).mean) / 3 < 3


def test_a_story_written_back_to_pages_stays_declared_as_ai_text(tmp_path, cli):
    """The paid provider's story, written back to pages/ for the author, is still AI text:
    each page says `generated:`, and the ebook's answer to KDP follows the pages that do."""
    root = write_files(tmp_path / "repo", {"bookbuild.toml": 'provider = "paid"\ncache_dir = ".cache"\n', "plugins/paid.py": PAID_PLUGIN, "books/small/book.yaml": SMALL_BOOK})
    first = cli("-C", str(root), "build")
    assert first.exit_code == 0, first.output
    pages = sorted((root / "books/small/pages").glob("*.md"))
    assert pages and all("\ngenerated: paid\n" in p.read_text() for p in pages)
    again = cli("-C", str(root), "build")
    assert again.exit_code == 0, again.output
    ebook = read(root / EBOOK)
    assert ebook.meta("kdp-ai:text") == ["Entire work, with minimal or no editing"] and ebook.meta("kdp-ai:tool") == ["paid"]
    # The author rewrites half the pages in their own words and deletes those lines.
    for page in pages[::2]:
        page.write_text(page.read_text().replace("generated: paid\n", ""))
    mixed = cli("-C", str(root), "build")
    assert mixed.exit_code == 0, mixed.output
    assert read(root / EBOOK).meta("kdp-ai:text") == ["Some sections, with minimal or no editing"]
    for page in pages[1::2]:
        page.write_text(page.read_text().replace("generated: paid\n", ""))
    assert cli("-C", str(root), "build").exit_code == 0
    assert read(root / EBOOK).meta("kdp-ai:text") == ["None"]


def test_a_picture_of_another_size_than_planned_gets_the_pages_made_again_and_the_same_epub(tmp_path, monkeypatch, cli):
    """The pages are zipped before the pictures exist, each placed by the size its task
    makes it at; a picture that comes out another size (a book type whose task says one
    size and makes another) has them made again around it: the EPUB is the same bytes
    as the one made from the planned sizes."""
    from bookbuild.plugins.exporters.ebook import package

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    real = package._Pages.zipped
    made, calls = [], []
    monkeypatch.setattr(package._Pages, "zipped", lambda self, sizes: calls.append(dict(sizes)) or real(self, sizes))
    for name in ("planned", "other"):
        if name == "other":  # every page task says a size its picture does not have
            real_add = package.add_ebook_tasks

            def add(book, graph, project):
                for task in graph:
                    if task.name.startswith("illustration:"):
                        task.params["size"] = [100, 100]
                return real_add(book, graph, project)

            monkeypatch.setattr(package, "add_ebook_tasks", add)
        calls.clear()
        root = write_files(tmp_path / name, {"bookbuild.toml": 'cache_dir = ".cache"\n', "books/small/book.yaml": SMALL_BOOK, **small_pages()})
        assert cli("-C", str(root), "build").exit_code == 0
        made.append((root / EBOOK).read_bytes())
        if name == "planned":  # made once, before the pictures
            assert len(calls) == 1
        else:  # made with the planned size, then again with the pictures' own
            assert len(calls) == 2 and {tuple(size) for size in calls[0].values()} == {(100, 100)}
    assert made[0] == made[1]
