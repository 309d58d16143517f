"""The ``bookbuild`` command. Commands parse options and call a stage function;
heavy packages (WeasyPrint, Pillow, openai) are imported only by the commands
that need them, so ``bookbuild --help`` starts fast."""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from bookbuild import __version__
from bookbuild.commands import open_project, shard_option
from bookbuild.commands.output import wants_json
from bookbuild.commands.diff.command import diff_command
from bookbuild.commands.preflight import preflight_command
from bookbuild.commands.serve.command import serve_command, watch_command
from bookbuild.errors import BookbuildError

if TYPE_CHECKING:
    from bookbuild.shard import Shard

FORMATS = click.Choice(["text", "json"])


class BookbuildGroup(click.Group):
    """Finds plugins' commands for the repository -C names, and turns an unexpected
    exception into one clear line (the traceback with -v)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self._plugin_commands(ctx)})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return super().get_command(ctx, name) or self._plugin_commands(ctx).get(name)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta["bookbuild.args"] = list(args)  # --help is answered before -C is parsed
        return super().parse_args(ctx, args)

    def _plugin_commands(self, ctx: click.Context) -> dict[str, click.Command]:
        """The ``register_commands`` hook, once, for the repository of -C."""
        obj = ctx.ensure_object(dict)
        if "plugin_commands" not in obj:
            obj["directory"] = ctx.params["directory"] if "directory" in ctx.params else _directory_arg(ctx.meta.get("bookbuild.args", []))
            obj["plugin_commands"] = _load_plugin_commands(ctx)
        return obj["plugin_commands"]

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:
            if wants_json(ctx.meta.get("bookbuild.args", [])):
                _exit_with_json(exc)
            raise
        except (click.exceptions.Exit, click.Abort, KeyboardInterrupt, BrokenPipeError):
            raise
        except Exception as exc:  # noqa: BLE001 - the CLI's last line of defence
            if ctx.obj and ctx.obj.get("verbose"):
                raise
            error = BookbuildError(f"internal error: {type(exc).__name__}: {exc} (run with -v for details, and please report it)")
            if wants_json(ctx.meta.get("bookbuild.args", [])):
                _exit_with_json(error)
            raise error from exc


def _exit_with_json(exc: click.ClickException) -> None:
    """`--format json`: stdout is one JSON document even when the command cannot run
    (a spec error, a bad option); the message goes to stderr too, for people."""
    from bookbuild.commands.output import error_document

    click.echo(json.dumps(error_document(exc), indent=2, ensure_ascii=False))
    click.echo(f"Error: {exc.format_message()}", err=True)
    sys.exit(exc.exit_code)


def _directory_arg(args: list[str]) -> Path | None:
    """-C's folder from the raw arguments, for `bookbuild -C REPO --help`."""
    for i, arg in enumerate(args):
        if arg in ("-C", "--directory") and i + 1 < len(args):
            return Path(args[i + 1]) if Path(args[i + 1]).is_dir() else None
        if arg.startswith("--directory="):
            return Path(arg.split("=", 1)[1])
        if arg == "--":
            break
    return None


def _load_plugin_commands(ctx: click.Context) -> dict[str, click.Command]:
    """Plugins' subcommands; a broken plugin must not break --help (its error comes back
    when a command opens the repository)."""
    from bookbuild.commands import keep_plugin_manager, repository_root
    from bookbuild.pluginmanager import make_manager
    from bookbuild.project import plugins_dir

    root = repository_root(ctx)
    try:
        pm = make_manager(root / plugins_dir(root))
    except BookbuildError as exc:
        click.echo(f"warning: {exc.format_message()}", err=True)
        return {}
    collector = click.Group()
    try:
        pm.hook.register_commands(cli=collector)
    except BookbuildError as exc:
        click.echo(f"warning: {exc.format_message()}", err=True)
        return {}
    keep_plugin_manager(ctx, root, pm)
    return dict(collector.commands)


@click.group(cls=BookbuildGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="bookbuild")
@click.option("-v", "--verbose", is_flag=True, help="Show debug logs and tracebacks.")
@click.option("-C", "--directory", type=click.Path(exists=True, file_okay=False, path_type=Path), help="Run as if started in this folder.")
@click.pass_context
def cli(ctx: click.Context, verbose: bool, directory: Path | None) -> None:
    """bookbuild: build KDP print-ready picture books from YAML and Markdown specs."""
    ctx.ensure_object(dict).update(verbose=verbose, directory=directory)
    for level in (logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR):
        logging.addLevelName(level, logging.getLevelName(level).lower())  # "warning: ..." like click's "Error: ..."
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s" if verbose else "%(levelname)s: %(message)s")
    if not verbose:
        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        logging.getLogger("fontTools").setLevel(logging.ERROR)


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--type", "book_type", metavar="TYPE", help="The kind of book: picture (the default) or coloring, or a type a plugin adds.")
@click.option("--title", help="The title (default: from the folder name).")
@click.option("--theme", metavar="NAME", help="The book's theme (book_theme); `bookbuild themes` lists them.")
@click.pass_context
def new(ctx: click.Context, path: Path, book_type: str | None, title: str | None, theme: str | None) -> None:
    """Create a new book (books/my-book, or just my-book) that builds at once.

    A picture book's story is written into pages/01.md, 02.md, ... right away when
    the provider is free (offline), so any page can be edited before the first build.
    """
    from bookbuild.commands.new import create_book

    base = ctx.obj.get("directory") or Path.cwd()
    for line in create_book(base, path, book_type, title, theme):
        click.echo(line)


@cli.command()
@click.argument("books", nargs=-1)
@click.option("--format", "fmt", type=FORMATS, default="text", help="Findings as text or JSON.")
@click.option("--max-cost", type=click.FloatRange(min=0), help="Stop before AI calls would spend more than this (USD).")
@click.option("--jobs", "-j", type=click.IntRange(1, 256), help="Tasks at once (CPU work), over BOOKBUILD_JOBS and jobs in bookbuild.toml.")
@click.option("--requests", type=click.IntRange(1, 256), help="AI requests in flight at once, over BOOKBUILD_REQUESTS and the provider's concurrency in bookbuild.toml.")
@shard_option
@click.pass_context
def build(ctx: click.Context, books: tuple[str, ...], fmt: str, max_cost: float | None, jobs: int | None, requests: int | None, shard: Shard | None) -> None:
    """Build the named books (default: every book under books/), incrementally."""
    from bookbuild.commands.build import run_build

    project = open_project(ctx)
    project.settings.run_jobs = jobs or 0
    project.settings.run_requests = requests or 0
    sys.exit(run_build(project, books, fmt, max_cost, shard, args=ctx.meta.get("bookbuild.args")))


@cli.command()
@click.argument("books", nargs=-1)
@click.option("--explain", is_flag=True, help="Print what goes into each task's cache key.")
@click.option("--format", "fmt", type=FORMATS, default="text", help="The plan as text or JSON.")
@click.pass_context
def plan(ctx: click.Context, books: tuple[str, ...], explain: bool, fmt: str) -> None:
    """Dry run: every task, whether it is cached, the AI calls and their cost."""
    from bookbuild.commands.build import run_plan

    run_plan(open_project(ctx), books, explain, fmt)


@cli.command()
@click.argument("books", nargs=-1)
@click.option("--format", "fmt", type=FORMATS, default="text", help="Findings as text or JSON.")
@shard_option
@click.pass_context
def validate(ctx: click.Context, books: tuple[str, ...], fmt: str, shard: Shard | None) -> None:
    """KDP checks of each book's spec and built PDFs (builds what is out of date)."""
    from bookbuild.commands.build import run_validate

    sys.exit(run_validate(open_project(ctx), books, fmt, shard))


@cli.command()
@click.argument("book")
@click.option("--page", "number", type=click.IntRange(min=1), required=True, help="The page file's number: pages/07.md is 7 (findings name both: page 9 (pages/07.md)).")
@click.option("--text", "text", is_flag=True, help="Ask the provider for new text for this page.")
@click.option("--illustration", "picture", is_flag=True, help="Ask for a new picture for this page (the default).")
@click.option("--max-cost", type=click.FloatRange(min=0), help="Stop before the new text would cost more than this (USD).")
@click.pass_context
def regenerate(ctx: click.Context, book: str, number: int, text: bool, picture: bool, max_cost: float | None) -> None:
    """Ask for a fresh version of one page's picture or text, on purpose."""
    from bookbuild.commands.regenerate import regenerate as run

    for line in run(open_project(ctx), book, number, text, picture or not text, max_cost):
        click.echo(line)
    click.echo(f"next: bookbuild build {book}")


@cli.command()
@click.pass_context
def plugins(ctx: click.Context) -> None:
    """List loaded plugins with their versions and hooks."""
    from bookbuild.pluginmanager import describe

    for info in describe(open_project(ctx).pm):
        version = f" {info.version}" if info.version else ""
        click.echo(f"{info.name}{version} [{info.source}]")
        click.echo(f"    hooks: {', '.join(info.hooks) or '-'}")


@cli.command()
@click.option("--write", "write", is_flag=True, help="Write it to book.schema.json at the repository's root (what book.yaml's first line points at) instead of printing it.")
@click.pass_context
def schema(ctx: click.Context, write: bool) -> None:
    """Print book.yaml's JSON Schema (draft 2020-12), plugins' keys included, for editors."""
    from bookbuild.commands.schema import SCHEMA_FILE, schema_text, write_schema

    project = open_project(ctx)
    if not write:
        click.echo(schema_text(project), nl=False)
        return
    changed = write_schema(project)
    click.echo(f"{'wrote' if changed else 'up to date:'} {project.rel(project.root / SCHEMA_FILE)}")


@cli.command()
@click.pass_context
def themes(ctx: click.Context) -> None:
    """List the themes books can use, and where each comes from."""
    from bookbuild.commands.themes import describe_themes

    for line in describe_themes(open_project(ctx)):
        click.echo(line)


@cli.group()
def cache() -> None:
    """The content-addressed cache of every task's output."""


@cache.command("stats")
@click.pass_context
def cache_stats(ctx: click.Context) -> None:
    """Where the cache is and how much it holds."""
    from bookbuild.commands import cache as commands

    commands.show_stats(open_project(ctx))


@cache.command("verify")
@click.pass_context
def cache_verify(ctx: click.Context) -> None:
    """Read every cached file and check it against its digest; remove what is damaged (exit 1 if any)."""
    from bookbuild.commands import cache as commands

    sys.exit(commands.verify(open_project(ctx)))


@cache.command("clear")
@click.pass_context
def cache_clear(ctx: click.Context) -> None:
    """Delete everything in the cache (AI outputs will be paid for again)."""
    from bookbuild.commands import cache as commands

    commands.clear(open_project(ctx))


@cache.command("prune")
@click.option("--dry-run", is_flag=True, help="Show what would be removed, remove nothing.")
@click.pass_context
def cache_prune(ctx: click.Context, dry_run: bool) -> None:
    """Remove what no current book and no recent build uses (never what a book uses)."""
    from bookbuild.commands.cache import prune, report

    project = open_project(ctx)
    for line in report(prune(project, dry_run), dry_run, project.rel(project.cache.directory)):
        click.echo(line)


cli.add_command(preflight_command)
cli.add_command(watch_command)
cli.add_command(serve_command)
cli.add_command(diff_command)


def main(args: list[str] | None = None) -> None:
    try:
        cli(args=args, prog_name="bookbuild")
    except BrokenPipeError:
        # `bookbuild plan | head`: the reader has what it wanted. Point stdout at
        # /dev/null so the interpreter's final flush stays quiet too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(141)  # 128 + SIGPIPE, as a shell reports a writer whose reader left
