"""`bookbuild watch` and `bookbuild serve`: rebuild on every save; serve adds a live preview page.

Only click is imported here: the rest loads when a command runs, so that
`bookbuild --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Sequence

import click


@click.command("watch")
@click.argument("books", nargs=-1)
@click.pass_context
def watch_command(ctx: click.Context, books: tuple[str, ...]) -> None:
    """Rebuild the named books (default: all) on every save, until Ctrl-C.

    Watches books/, bookbuild.toml and, where the repository has them, themes/
    and plugins/ (the folders bookbuild.toml names). Saves close together
    make one rebuild; each prints what it rebuilt and how long it took. A spec
    error is printed and the watch goes on: fix the file and save again.
    """
    from .console import ConsoleListener

    root = _root(ctx)
    _run(root, books, [ConsoleListener(root)])


@click.command("serve")
@click.argument("books", nargs=-1)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; anything but a loopback address shows the books to your network.")
@click.pass_context
def serve_command(ctx: click.Context, books: tuple[str, ...], port: int, host: str) -> None:
    """Watch and rebuild like `watch`, with a live preview page in the browser.

    The page lists each book with its status and KDP findings, its cover and
    pages (click one to enlarge it) and links to the PDFs, and follows every
    rebuild by itself. Ctrl-C stops it.
    """
    from .console import ConsoleListener
    from .server import PreviewServer
    from .state import PreviewListener, PreviewState

    root = _root(ctx)
    state = PreviewState(_build_dir(root))
    server = PreviewServer(state, host, port)
    url = server.start()
    click.echo(f"preview: {url}")
    if not server.loopback_only:
        click.echo(f"warning: listening on {host}: anyone who can reach this machine can see the books", err=True)
    _run(root, books, [ConsoleListener(root), PreviewListener(state, root)], stop=server.stop)


def _root(ctx: click.Context) -> Path:
    from bookbuild.settings import find_root

    return find_root((ctx.obj or {}).get("directory"))


def _build_dir(root: Path) -> Path:
    """Where the build goes, until the first build has read the settings (it may stop at a spec error)."""
    from bookbuild.settings import peek

    return (root / peek(root, "build_dir", "build")).resolve()


def _run(root: Path, books: Sequence[str], listeners: list[Any], stop: Callable[[], None] | None = None) -> None:
    """The watch loop until Ctrl-C, which ends it quietly with exit status 0."""
    from .loop import WatchLoop

    loop = WatchLoop(root, books, listeners)
    try:
        loop.run()
    except KeyboardInterrupt:
        click.echo("\nstopped", err=True)
    finally:
        loop.stop()
        if stop is not None:
            stop()
