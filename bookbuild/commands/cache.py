"""cache stats, verify and clear: the content-addressed cache as a user sees it."""

from __future__ import annotations

import click

from bookbuild.project import Project


def show_stats(project: Project) -> None:
    stats = project.cache.stats()
    click.echo(f"cache: {stats['directory']}")
    click.echo(f"  {stats['tasks']} task results, {stats['files']} files, {stats['bytes'] / 1e6:.1f} MB")


def verify(project: Project) -> int:
    """Read and check everything; 1 when something was damaged (and removed)."""
    report = project.cache.verify()
    click.echo(f"cache: {project.cache.directory}")
    click.echo(f"  checked {report.objects} files ({report.bytes / 1e6:.1f} MB): {report.tasks} task results intact")
    if report.recovered:
        click.echo(f"  {report.recovered} task results the index had lost were found again in the cache's files")
    if report.swept:
        click.echo(f"  {report.swept} temporary files of killed writes removed")
    if report.clean:
        click.echo("  no damage found")
        return 0
    mended = f" ({report.mended} of them task entries, written again from their copy in the index)" if report.mended else ""
    click.echo(f"  damaged: {len(report.damaged)} files removed{mended}, {len(report.dropped)} task results dropped; the next build makes them again", err=True)
    return 1


def clear(project: Project) -> None:
    removed = project.cache.clear()
    click.echo(f"cache cleared: {removed} files removed from {project.cache.directory}")
