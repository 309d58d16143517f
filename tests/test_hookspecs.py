"""Each hook of bookbuild/hookspecs.py, exercised by a plugin in a scratch repository
through the public CLI, as a plugin author would use it."""

from __future__ import annotations

import json
import subprocess
import sys

import pypdfium2 as pdfium

from helpers import PAID_PLUGIN, paid_calls, write_files


def pdf_text(path) -> str:
    doc = pdfium.PdfDocument(str(path))
    try:
        return " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in doc)
    finally:
        doc.close()


def test_register_book_types_adds_a_type_with_its_scaffold(scratch_repo, cli):
    write_files(scratch_repo, {"plugins/activity.py": '''
        from bookbuild import BookType, hookimpl

        def scaffold(title, slug):
            return {"book.yaml": f"title: {title}\\nauthor: A\\ntype: activity\\npage_count: 24\\ntrim: 8.5x11\\n", "puzzles/": ""}

        @hookimpl
        def register_book_types():
            return [BookType("activity", "an activity book", default_theme="picture-book", default_ink="bw", scaffold=scaffold, notes=("puzzles/ (one file a puzzle)",))]
    '''})
    made = cli("new", "books/mazes", "--type", "activity")
    assert made.exit_code == 0, made.output
    assert "created books/mazes/puzzles/ (one file a puzzle)" in made.output
    assert (scratch_repo / "books/mazes/puzzles").is_dir()
    assert "type: activity" in (scratch_repo / "books/mazes/book.yaml").read_text()
    planned = cli("plan", "mazes")
    assert planned.exit_code == 0, planned.output  # the type is known; no plugin adds its tasks, the core validates
    assert "validate" in planned.output
    wrong = cli("new", "books/other", "--type", "activty")
    assert wrong.exit_code == 2 and "did you mean 'activity'?" in wrong.output


def test_an_unknown_book_type_names_the_registered_ones(scratch_repo, cli):
    book = scratch_repo / "books/small/book.yaml"
    book.write_text(book.read_text() + "type: colouring\n")
    result = cli("validate")
    assert result.exit_code == 2
    assert "type: 'colouring' is not allowed (did you mean 'coloring'? allowed: picture, coloring)" in result.output


def test_run_task_wrappers_see_every_task_run_and_its_errors(scratch_repo, cli):
    write_files(scratch_repo, {"plugins/timer.py": '''
        import json
        from bookbuild import hookimpl

        @hookimpl(wrapper=True)
        def run_task(task, ctx):
            try:
                output = yield
            except Exception as exc:
                with open("runs.jsonl", "a") as f:
                    f.write(json.dumps({"task": task.id, "error": str(exc)}) + "\\n")
                raise
            with open("runs.jsonl", "a") as f:
                f.write(json.dumps({"task": task.id, "files": sorted(output.files)}) + "\\n")
            return output

        @hookimpl
        def add_tasks(book, graph):
            from bookbuild import Task
            def fail(ctx):
                raise RuntimeError("broken on purpose")
            graph.add(Task(f"{book.slug}/doomed", "doomed", __name__, "1", {}, fail, book=book.slug))
    '''})
    result = cli("build")
    assert result.exit_code == 1
    runs = [json.loads(line) for line in (scratch_repo / "runs.jsonl").read_text().splitlines()]
    by_task = {r["task"]: r for r in runs}
    assert by_task["small/interior"]["files"] == ["interior.pdf"]
    assert by_task["small/doomed"]["error"] == "broken on purpose"
    assert len(runs) == len(by_task)  # each task ran once


def test_jinja_environment_changes_the_filters_templates_use(built_copy, cli):
    write_files(built_copy, {"plugins/shout.py": '''
        from bookbuild import hookimpl

        VERSION = "1"

        @hookimpl
        def jinja_environment(env, theme):
            markdown = env.filters["markdown"]
            env.filters["markdown"] = lambda text: markdown(text.upper())
    '''})
    result = cli("build")
    assert result.exit_code == 0, result.output
    assert "THIS IS PAGE 3. PIP SMILES." in pdf_text(built_copy / "build/small/interior.pdf")


def test_render_context_changes_what_a_template_sees(built_copy, cli):
    write_files(built_copy, {"plugins/retitle.py": '''
        from bookbuild import hookimpl

        @hookimpl
        def render_context(book, template, context):
            if template == "cover.html.j2":
                return {"book": {**context["book"], "title": "A Brand New Title"}}
    '''})
    result = cli("build")
    assert result.exit_code == 0, result.output
    assert "A Brand New Title" in pdf_text(built_copy / "build/small/cover.pdf")
    assert "A Brand New Title" not in pdf_text(built_copy / "build/small/interior.pdf")
    again = cli("build")
    assert "every task cached" in again.output  # the plugin is in the render keys, not a reason to rerender


def test_build_events_arrive_once_each_in_order(built_copy, cli):
    write_files(built_copy, {"plugins/events.py": '''
        from bookbuild import hookimpl

        def note(line):
            with open("events.txt", "a") as f:
                f.write(line + "\\n")

        @hookimpl
        def build_started(books):
            note("started " + ",".join(b.slug for b in books))

        @hookimpl
        def task_finished(result):
            note(f"task {result.task.id} {result.status}")

        @hookimpl
        def book_finished(book, totals):
            note(f"book {book.slug} ran={totals['ran']} cached={totals['cached']}")
    '''})
    (built_copy / "books/small/pages/03.md").write_text("---\nillustration: Pip in the meadow, picture 3\n---\nA new page three.\n")
    assert cli("build").exit_code == 0
    events = (built_copy / "events.txt").read_text().splitlines()
    # A text edit: the story, the interior (laid out again), the ebook (its pages made again) (its cover stays cached), validate and the text check.
    assert events[0] == "started small" and events[-1] == "book small ran=7 cached=25"
    tasks = [e for e in events if e.startswith("task ")]
    assert len(tasks) == 32 and "task small/interior ran" in tasks and "task small/cover cached" in tasks
    assert "task small/ebook ran" in tasks and "task small/ebook-cover cached" in tasks


def test_after_build_sees_the_results_once_per_book(built_copy, cli):
    write_files(built_copy, {"plugins/after.py": '''
        from bookbuild import hookimpl

        @hookimpl
        def after_build(book, results):
            with open("after.txt", "a") as f:
                f.write(f"{book.slug} {results['interior'].status} {len(results)}\\n")
    '''})
    assert cli("build").exit_code == 0
    assert cli("plan").exit_code == 0  # never on a dry run
    assert (built_copy / "after.txt").read_text() == "small cached 32\n"


def test_register_themes_offers_a_plugins_theme(scratch_repo, cli):
    from helpers import REPO

    write_files(scratch_repo, {"plugins/mytheme.py": f'''
        from pathlib import Path
        from bookbuild import Theme, hookimpl

        @hookimpl
        def register_themes():
            return [Theme("storybook-plain", Path({str(REPO / "themes/picture-book")!r}), origin="mytheme")]
    '''})
    book = scratch_repo / "books/small/book.yaml"
    book.write_text(book.read_text() + "book_theme: storybook-plain\n")
    result = cli("plan", "--explain")
    assert result.exit_code == 0, result.output
    assert '"theme": "storybook-plain"' in result.output


def test_validate_pdf_findings_reach_the_build(built_copy, cli):
    write_files(built_copy, {"plugins/pdfsize.py": '''
        from bookbuild import Finding, hookimpl

        @hookimpl
        def validate_pdf(book, role, path):
            return [Finding("house-size", "warning", f"{role} is {path.stat().st_size} bytes")]
    '''})
    result = cli("build")
    assert result.exit_code == 0
    assert "warning [house-size] interior is" in result.output and "warning [house-size] cover is" in result.output


def test_notes_a_task_leaves_reach_validate_pdf_for_the_content_they_are_about(built_copy, cli):
    """A task with notes=True measures the interior it reads; validate_pdf takes the note for
    the file whose bytes it was made from, and finds none for the cover."""
    write_files(built_copy, {"plugins/pagesize.py": '''
        from bookbuild import Finding, Output, Task, hookimpl, ids
        from bookbuild.notes import note_key

        @hookimpl
        def add_tasks(book, graph, project):
            def run(ctx):
                pdf = ctx.input(ids.INTERIOR).file(ids.INTERIOR_PDF)
                return Output(value={"notes": {note_key("pagesize.bytes", pdf, unit="kB"): len(pdf) // 1000}})
            graph.add(Task(ids.task_id(book, "pdf-size"), "pdf-size", __name__, "1", {}, run, deps=(ids.interior(book),), book=book.slug, notes=True))

        @hookimpl
        def validate_pdf(book, role, path, notes):
            noted = notes.get(note_key("pagesize.bytes", path.read_bytes(), unit="kB"))
            return [Finding("house-size", "warning", f"{role}: {'noted ' + str(noted) + ' kB' if noted is not None else 'no note'}")]
    '''})
    result = cli("build")
    assert result.exit_code == 0, result.output
    assert "warning [house-size] interior: noted " in result.output and "warning [house-size] cover: no note" in result.output


def test_validate_ebook_findings_reach_the_build_and_validate(built_copy, cli):
    write_files(built_copy, {"plugins/ebook_pages.py": '''
        from bookbuild import Finding, hookimpl
        from bookbuild.epub import read

        @hookimpl
        def validate_ebook(book, path):
            ebook = read(path)
            return [Finding("house-ebook", "warning", f"{book.slug}: {len(ebook.spine)} pages, {ebook.dc('title')[0]}", file="ebook.epub")]
    '''})
    result = cli("build")
    assert result.exit_code == 0, result.output
    # 24 printed pages, none of them blank: title, copyright, 21 story pages, The End.
    assert "warning [house-ebook] small: 24 pages, Small Fox" in result.output
    checked = cli("validate", "--format", "json")
    assert any(f["rule"] == "house-ebook" and f["file"] == "ebook.epub" for f in json.loads(checked.output)["findings"])


CHECK_LOG = '''
    from bookbuild import Finding, hookimpl

    VERSION = "{version}"

    def log(line):
        with open("checks.log", "a") as f:
            f.write(line + "\\n")

    @hookimpl
    def validate_pdf(book, role, path):
        log(f"checked {{role}}")
        return [Finding("house-size", "warning", f"{{role}} is {{path.stat().st_size}} bytes")]

    @hookimpl
    def validate_ebook(book, path):
        log("checked ebook")
        return []

    @hookimpl
    def task_finished(result):
        if result.status == "ran":
            log(f"finished {{result.task.name}}")
'''


def test_each_file_is_checked_once_as_soon_as_it_is_made(scratch_repo, cli):
    """The cover's and the ebook's checks run when they are made, not after the interior;
    validate takes their findings from the notes; a new version of a check runs again on
    the files the cache holds."""
    write_files(scratch_repo, {"plugins/checks.py": CHECK_LOG.format(version="1")})
    result = cli("build")
    assert result.exit_code == 0, result.output
    assert "warning [house-size] interior is" in result.output and "warning [house-size] cover is" in result.output
    log = (scratch_repo / "checks.log").read_text().splitlines()
    for role in ("interior", "cover", "ebook"):
        assert log.count(f"checked {role}") == 1, log
        assert log.index(f"checked {role}") < log.index(f"finished {role}"), log  # in the task that made it
    assert log[-1] == "finished validate", log
    # Upgraded, the check runs again on the cached files, in validate; nothing else is made.
    (scratch_repo / "checks.log").unlink()
    write_files(scratch_repo, {"plugins/checks.py": CHECK_LOG.format(version="2")})
    again = cli("build")
    assert again.exit_code == 0, again.output
    assert "warning [house-size] interior is" in again.output
    assert (scratch_repo / "checks.log").read_text().splitlines() == ["checked interior", "checked cover", "checked ebook", "finished validate"]


def test_a_new_safety_check_screens_a_cached_story_without_buying_it_again(tmp_path, monkeypatch, cli):
    log = tmp_path / "paid.jsonl"
    monkeypatch.setenv("PAID_LOG", str(log))
    root = write_files(tmp_path / "repo", {
        "bookbuild.toml": 'cache_dir = ".cache"\nprovider = "paid"\nwrite_generated_pages = "never"\n',
        "plugins/paid.py": PAID_PLUGIN,
        "books/gen/book.yaml": "title: Gen\nauthor: A\ncharacters:\n  - name: Pip\n    visual: an orange fox\npage_count: 24\ntrim: 5x8\n",
    })
    monkeypatch.chdir(root)
    assert cli("build").exit_code == 0
    assert len(paid_calls(log, "story")) == 1
    write_files(root, {"plugins/no_owls.py": '''
        from bookbuild import Finding, hookimpl

        VERSION = "1"

        @hookimpl
        def check_generated(kind, text):
            return [Finding("content-safety", "error", "giraffes frighten our readers")] if "Bo" in text else []
    '''})
    result = cli("build")
    assert result.exit_code == 1
    assert "page 1: giraffes frighten our readers" in result.output
    assert len(paid_calls(log, "story")) == 1  # screened again, not bought again


def test_plugin_commands_come_from_the_repository_named_by_C(scratch_repo, tmp_path):
    write_files(scratch_repo, {"plugins/hello.py": '''
        import click
        from bookbuild import hookimpl

        @hookimpl
        def register_commands(cli):
            @cli.command()
            @click.pass_context
            def hello(ctx):
                "Say hello."
                from bookbuild.commands import open_project
                click.echo(f"hello from {open_project(ctx).root.name}")
    '''})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = subprocess.run([sys.executable, "-m", "bookbuild", "-C", str(scratch_repo), "hello"], cwd=elsewhere, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "hello from repo"
    listed = subprocess.run([sys.executable, "-m", "bookbuild", "-C", str(scratch_repo), "--help"], cwd=elsewhere, capture_output=True, text=True)
    assert "hello" in listed.stdout


def test_add_tasks_adds_a_cached_task_that_reads_the_story(built_copy, cli):
    write_files(built_copy, {"plugins/wordcount.py": '''
        from bookbuild import Output, Task, hookimpl, ids

        VERSION = "1"

        @hookimpl
        def add_tasks(book, graph):
            def run(ctx):
                story = ctx.input(ids.STORY).value["pages"]
                with open("counted.txt", "a") as f:
                    f.write("counted\\n")
                return Output(value={"words": sum(len(p["text"].split()) for p in story)}, files={"words.txt": b"words"})
            graph.add(Task(ids.task_id(book, "word-count"), "word-count", __name__, VERSION, {}, run,
                           deps=(ids.story(book),), publish={"words.txt": "words.txt"}, book=book.slug))
    '''})
    assert cli("build").exit_code == 0
    assert (built_copy / "build/small/words.txt").read_bytes() == b"words"
    manifest = json.loads((built_copy / "build/small/manifest.json").read_text())
    assert {t["task"]: t["status"] for t in manifest["tasks"]}["word-count"] == "ran"
    assert "every task cached" in cli("build").output
    assert (built_copy / "counted.txt").read_text() == "counted\n"


def test_check_fingerprint_rechecks_cached_text_when_what_a_check_reads_changes(built_copy, cli):
    write_files(built_copy, {"fears.txt": "spiders\n", "plugins/fears.py": '''
        from pathlib import Path
        from bookbuild import Finding, hookimpl

        VERSION = "1"

        def fears(project):
            return (project.root / "fears.txt").read_text().split()

        @hookimpl
        def check_fingerprint(project):
            return {"fears": fears(project)}

        @hookimpl
        def check_generated(kind, text, project):
            found = [f for f in fears(project) if f in text.lower()]
            return [Finding("content-safety", "error", f"the {kind} mentions {', '.join(found)}")] if found else []
    '''})
    assert cli("build").exit_code == 0  # no page mentions spiders
    assert "every task cached" in cli("build").output
    (built_copy / "fears.txt").write_text("spiders\nmeadow\n")  # the cached verdicts no longer hold
    result = cli("build")
    assert result.exit_code == 1
    assert "page 3 (pages/01.md): error [content-safety] line 2: the illustration prompt mentions meadow" in result.output
