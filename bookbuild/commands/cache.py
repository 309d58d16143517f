"""cache stats, verify, prune and clear: the content-addressed cache as a user sees it.

`prune` frees the space nothing uses any more (the cache only grows: every edit
adds a picture, an interior, a validate result). It keeps

- every task result a current book uses: the keys a dry run of every book under
  books/ computes now (`bookbuild plan`), paid ones included;
- every task result a recent build recorded: the keys in any manifest.json under
  the build folder (the last build of each book, `regenerate` runs, diff's sides);
- the files a kept result names;

and removes the rest, killed builds' leftovers too. Paid results are where the
money is: while a current book cannot be planned to the end (a step it needs is not
cached, so later keys are unknown), prune keeps every paid result and says which
book to build first.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import click

from bookbuild.errors import BookbuildError, UsageError
from bookbuild.kdp.preflight import fmt
from bookbuild.project import Project


def show_stats(project: Project) -> None:
    stats = project.cache.stats()
    click.echo(f"cache: {stats['directory']}")
    click.echo(f"  {stats['tasks']} task results, {stats['files']} files, {stats['bytes'] / 1e6:.1f} MB")
    remote = stats.get("remote")
    if remote is not None:
        click.echo(f"remote cache: {remote['url']} ({remote['mode']})")
        holds = remote["holds"]
        click.echo(f"  {holds['tasks']} task results, {holds['files']} files, {holds['bytes'] / 1e6:.1f} MB" if holds is not None else f"  {remote['state']}")


def verify(project: Project) -> int:
    """Read and check everything; 1 when something was damaged (and removed)."""
    report = project.cache.verify()
    click.echo(f"cache: {project.cache.directory}")
    click.echo(f"  checked {report.objects} files ({report.bytes / 1e6:.1f} MB): {report.tasks} task results intact")
    if report.recovered:
        click.echo(f"  {report.recovered} task results the index had lost were found again in the cache's files")
    if report.remote_only:
        click.echo(f"  {report.remote_only} task results from the remote cache have files there only: fetched when a build reads them")
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


@dataclass
class Pruned:
    tasks: list[str] = field(default_factory=list)  # task keys removed
    paid: int = 0  # of which paid results
    paid_cost: float = 0.0  # what those cost when they were made
    files: list[str] = field(default_factory=list)  # objects removed: the results' entries and files
    freed: int = 0  # bytes
    kept_tasks: int = 0
    kept_bytes: int = 0
    kept_paid_for: list[str] = field(default_factory=list)  # books not planned to the end: every paid result kept


def prune(project: Project, dry_run: bool = False) -> Pruned:
    used, unplanned = _used_by_books(project)
    used |= _used_by_builds(project.build_dir)
    entries = project.cache.task_entries()
    # What a kept result was made from is kept with it (a text check's verdicts per text).
    used |= {u for key in used if key in entries for u in entries[key][1].get("uses", ())}
    sizes = project.cache.object_sizes()
    result = Pruned(kept_paid_for=unplanned)
    for key, (_, entry) in entries.items():
        cost = float(entry["usage"].get("cost", 0) or 0)
        paid = cost > 0 or bool(entry["usage"].get("requests"))
        if key in used or (paid and unplanned):
            continue
        result.tasks.append(key)
        result.paid += paid
        result.paid_cost += cost
    gone = set(result.tasks)
    kept = {digest for key, (digest, entry) in entries.items() if key not in gone for digest in (digest, *entry["files"].values())}
    result.files = sorted(d for d in sizes if d not in kept)  # removed results, their files, leftovers
    result.freed = sum(sizes[d] for d in result.files)
    result.kept_tasks = len(entries) - len(gone)
    result.kept_bytes = sum(size for d, size in sizes.items() if d in kept)
    if not dry_run:
        project.cache.remove(result.tasks, result.files)
    return result


def report(result: Pruned, dry_run: bool, directory: str) -> list[str]:
    verb = "would remove" if dry_run else "removed"
    paid = f", {fmt.plural(result.paid, 'paid result')} (made for ${result.paid_cost:.2f}) among them" if result.paid else ""
    lines = [
        f"{verb} {fmt.plural(len(result.tasks), 'task result')}{paid} and {fmt.plural(len(result.files), 'file')}: "
        f"{_mb(result.freed)} {'to free' if dry_run else 'freed'} in {directory}",
        f"kept {fmt.plural(result.kept_tasks, 'task result')} ({_mb(result.kept_bytes)}): what the current books and the last builds use",
    ]
    if result.kept_paid_for:
        lines.append(
            f"kept every paid result: {', '.join(result.kept_paid_for)} cannot be planned to the end "
            "(a step it needs is not built), so prune cannot tell which it uses; build it, then prune again"
        )
    return lines


def _used_by_books(project: Project) -> tuple[set[str], list[str]]:
    """Keys every current book uses now, and the books whose plan stops short of a paid task."""
    from bookbuild import spec
    from bookbuild.engine.build import build

    if not spec.discover(project.settings):
        return set(), []  # no books: only the builds' manifests keep anything
    try:
        report = build(project, dry_run=True)
    except BookbuildError as exc:
        raise UsageError(f"cannot prune while the books do not load (prune keeps what they use): {exc.format_message()}") from None
    used = {r.key for b in report.books for r in b.results if r.key}
    unplanned = [b.book.slug for b in report.books if any(r.key is None and r.task.costly for r in b.results)]
    return used, unplanned


def _used_by_builds(build_dir: Path) -> set[str]:
    """Keys in every manifest.json under the build folder (each book's last build, diff's sides)."""
    keys: set[str] = set()
    for path in build_dir.rglob("manifest.json") if build_dir.is_dir() else ():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for entry in [*data.get("tasks", []), *data.get("other_tasks", [])] if isinstance(data, dict) else ():
            if isinstance(entry, dict) and isinstance(entry.get("key"), str):
                keys.add(entry["key"])
    return keys


def _mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB"
