"""The ``bookbuild`` command. Commands parse options and call a stage function;
heavy packages (WeasyPrint, Pillow, openai) are imported only by the commands
that need them, so ``bookbuild --help`` starts fast."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

import click

from bookbuild import __version__
from bookbuild.errors import BookbuildError

FORMATS = click.Choice(["text", "json"])


class BookbuildGroup(click.Group):
    """Turns an unexpected exception into one clear line (the traceback with -v)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - the CLI's last line of defence
            if ctx.obj and ctx.obj.get("verbose"):
                raise
            raise BookbuildError(f"internal error: {type(exc).__name__}: {exc} (run with -v for details, and please report it)") from exc


@click.group(cls=BookbuildGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="bookbuild")
@click.option("-v", "--verbose", is_flag=True, help="Show debug logs and tracebacks.")
@click.option("-C", "--directory", type=click.Path(exists=True, file_okay=False, path_type=Path), help="Run as if started in this folder.")
@click.pass_context
def cli(ctx: click.Context, verbose: bool, directory: Path | None) -> None:
    """bookbuild: build KDP print-ready picture books from YAML and Markdown specs."""
    ctx.obj = {"verbose": verbose, "directory": directory}
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if not verbose:
        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        logging.getLogger("fontTools").setLevel(logging.ERROR)


_LOADED: dict[Path, Any] = {}  # root -> the plugin manager main() made, reused by the command


def open_project(ctx: click.Context):
    from bookbuild.project import Project
    from bookbuild.settings import find_root

    root = find_root(ctx.obj.get("directory"))
    return Project.open(root, pm=_LOADED.pop(root, None))  # once: a later call sees plugins added since


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--type", "book_type", type=click.Choice(["picture", "coloring"]), default="picture", show_default=True, help="What kind of book.")
@click.option("--title", help="The title (default: from the folder name).")
@click.pass_context
def new(ctx: click.Context, path: Path, book_type: str, title: str | None) -> None:
    """Create a new book folder (e.g. books/my-book) that builds at once."""
    from bookbuild.commands.new import create_book

    base = ctx.obj.get("directory") or Path.cwd()
    for line in create_book(base, path, book_type, title):
        click.echo(line)


@cli.command()
@click.argument("books", nargs=-1)
@click.option("--format", "fmt", type=FORMATS, default="text", help="Findings as text or JSON.")
@click.option("--max-cost", type=click.FloatRange(min=0), help="Stop before AI calls would spend more than this (USD).")
@click.pass_context
def build(ctx: click.Context, books: tuple[str, ...], fmt: str, max_cost: float | None) -> None:
    """Build the named books (default: every book under books/), incrementally."""
    from bookbuild.commands.build import run_build

    sys.exit(run_build(open_project(ctx), books, fmt, max_cost))


@cli.command()
@click.argument("books", nargs=-1)
@click.option("--explain", is_flag=True, help="Print what goes into each task's cache key.")
@click.pass_context
def plan(ctx: click.Context, books: tuple[str, ...], explain: bool) -> None:
    """Dry run: every task, whether it is cached, the AI calls and their cost."""
    from bookbuild.commands.build import run_plan

    run_plan(open_project(ctx), books, explain)


@cli.command()
@click.argument("books", nargs=-1)
@click.option("--format", "fmt", type=FORMATS, default="text", help="Findings as text or JSON.")
@click.pass_context
def validate(ctx: click.Context, books: tuple[str, ...], fmt: str) -> None:
    """KDP checks of each book's spec and built PDFs (builds what is out of date)."""
    from bookbuild.commands.build import run_validate

    sys.exit(run_validate(open_project(ctx), books, fmt))


@cli.command()
@click.argument("book")
@click.option("--page", "number", type=click.IntRange(min=1), required=True, help="The page's number (its file name: pages/07.md is 7).")
@click.option("--text", "text", is_flag=True, help="Ask the provider for new text for this page.")
@click.option("--illustration", "picture", is_flag=True, help="Ask for a new picture for this page (the default).")
@click.pass_context
def regenerate(ctx: click.Context, book: str, number: int, text: bool, picture: bool) -> None:
    """Ask for a fresh version of one page's picture or text, on purpose."""
    from bookbuild.commands.regenerate import regenerate as run

    for line in run(open_project(ctx), book, number, text, picture or not text):
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


@cli.group()
def cache() -> None:
    """The content-addressed cache of every task's output."""


@cache.command("stats")
@click.pass_context
def cache_stats(ctx: click.Context) -> None:
    """Where the cache is and how much it holds."""
    stats = open_project(ctx).cache.stats()
    click.echo(f"cache: {stats['directory']}")
    click.echo(f"  {stats['tasks']} task results, {stats['files']} files, {stats['bytes'] / 1e6:.1f} MB")


@cache.command("clear")
@click.pass_context
def cache_clear(ctx: click.Context) -> None:
    """Delete everything in the cache (AI outputs will be paid for again)."""
    project = open_project(ctx)
    removed = project.cache.clear()
    click.echo(f"cache cleared: {removed} entries removed from {project.cache.directory}")


def _register_extra_commands() -> None:
    from bookbuild.commands.diff.command import diff_command
    from bookbuild.commands.preflight import preflight_command
    from bookbuild.commands.serve.command import serve_command, watch_command

    cli.add_command(preflight_command)
    cli.add_command(watch_command)
    cli.add_command(serve_command)
    cli.add_command(diff_command)


def _register_plugin_commands() -> None:
    """Plugins' subcommands (register_commands hook); a broken plugin must not break --help."""
    from bookbuild.pluginmanager import make_manager
    from bookbuild.project import _plugins_dir
    from bookbuild.settings import find_root

    root = find_root()
    try:
        pm = make_manager(root / _plugins_dir(root))
    except BookbuildError as exc:
        click.echo(f"warning: {exc.format_message()}", err=True)
        return
    pm.hook.register_commands(cli=cli)
    _LOADED[root] = pm


def main() -> None:
    _register_extra_commands()
    _register_plugin_commands()
    cli(prog_name="bookbuild")
