"""`bookbuild diff BASE [HEAD]`: a review of what a change does to the printed books."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from bookbuild.commands import shard_option

if TYPE_CHECKING:
    from bookbuild.shard import Shard


@click.command("diff")
@click.argument("base")
@click.argument("head", required=False)
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), help="Where report.md, report.html, the images and both sides' PDFs go. Default: <build_dir>/diff.")
@click.option("--dpi", type=click.FloatRange(18, 300), default=72, show_default=True, help="Resolution of the page images.")
@click.option("--threshold", type=click.IntRange(0, 255), default=32, show_default=True, help="How far (0-255) a pixel's colour must move to count as changed; below it is anti-aliasing noise.")
@shard_option
@click.pass_context
def diff_command(ctx: click.Context, base: str, head: str | None, out: Path | None, dpi: float, threshold: int, shard: Shard | None) -> None:
    """Show what the change from BASE to HEAD does to the printed books.

    BASE and HEAD are git revisions (branch, tag, commit; HEAD defaults to the
    working tree, uncommitted edits included). Every book that changed is built on
    both sides, sharing the cache, so unchanged AI outputs cost nothing; the
    user's build/ folder, working tree and index are left alone.

    Writes report.md (short enough for a pull-request comment), report.html (page
    images before and after, changed regions outlined) and the images. Exit
    status: 0 report written, 2 not a git repository or an unknown revision.
    """
    from bookbuild.commands import open_project
    from . import DiffOptions, run_diff
    from .report import STATUS, page_summary

    project = open_project(ctx)
    target = out if out is not None else project.build_dir / "diff"
    report = run_diff(project, DiffOptions(base, head, target, dpi, threshold, shard))
    for book in report.books:
        pages = page_summary(book)
        click.echo(f"{book.slug}: {STATUS[book.status]}" + (f": {pages}" if pages != "-" else ""))
    if not report.books:
        click.echo("no book changed" + (f" in shard {shard}" if shard else ""))
    click.echo(f"wrote {target / 'report.md'} and {target / 'report.html'} in {report.seconds:.1f}s")
