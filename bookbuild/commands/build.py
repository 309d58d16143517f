"""build, plan and validate: the pipeline with a summary a publisher can read."""

from __future__ import annotations

import json
import time
from typing import Iterable

import click

from bookbuild.engine.build import BookReport, BuildReport, build
from bookbuild.engine.reporter import Reporter, for_console
from bookbuild.commands import noop_stamps
from bookbuild.findings import Finding, has_errors
from bookbuild.project import Project
from bookbuild.shard import Shard


def run_build(project: Project, names: Iterable[str], fmt: str = "text", max_cost: float | None = None, shard: Shard | None = None, args: list[str] | None = None) -> int:
    """``args``: the command line after `bookbuild`; given, a build that ends with every task
    done leaves a stamp that lets the same command answer "nothing to do" at once (engine/noop.py).
    Not for a shard of a fleet or a build with a remote cache: their summaries count what others did."""
    started = time.perf_counter()
    snapshot = noop_stamps.snapshot(project, args) if args is not None and fmt == "text" else None
    reporter: Reporter = for_console() if fmt == "text" else Reporter()
    report = build(project, names, reporter, max_cost=max_cost, shard=shard)
    code = report.exit_code or (1 if has_errors(report.findings) else 0)
    if fmt == "json":
        click.echo(json.dumps(_json(report), indent=2))
        return code
    for book in report.books:
        _print_book(project, book)
    _print_total(report, time.perf_counter() - started, shard)
    _print_remote(project, report)
    _note_idle_paid(project)
    if snapshot is not None and report.ok and shard is None and project.cache.remote is None:
        noop_stamps.stamp(snapshot, project, report, _noop_lines(project, report), code)
    return code


def run_validate(project: Project, names: Iterable[str], fmt: str = "text", shard: Shard | None = None) -> int:
    report = build(project, names, Reporter(), shard=shard)
    if fmt == "json":  # failed tasks too: stdout is one JSON document whatever happened
        click.echo(json.dumps(_json(report), indent=2))
        return report.exit_code or (1 if has_errors(report.findings) else 0)
    if not report.ok:
        for book in report.books:
            _print_failures(book)
            _print_findings(book.findings)
        return report.exit_code
    for book in report.books:
        click.echo(f"{book.book.slug}: " + (_count(book.findings) if book.findings else "clean"))
        _print_findings(book.findings)
    if shard is not None and not report.books:
        _say_empty(shard)
    return 1 if has_errors(report.findings) else 0


def run_plan(project: Project, names: Iterable[str], explain: bool = False, fmt: str = "text") -> None:
    report = build(project, names, dry_run=True)
    if fmt == "json":
        click.echo(json.dumps(_plan_json(project, report, explain), indent=2))
        return
    total = 0.0
    for book in report.books:
        todo = [r for r in book.results if r.status != "cached"]
        click.echo(f"{book.book.slug}: {len(book.results)} tasks, {len(todo)} to run, {len(book.results) - len(todo)} cached")
        for r in book.results:
            mark = "cached" if r.cached else "run   "
            paid = f"  [AI call, about ${r.task.estimate:.3f}]" if r.task.costly and not r.cached else ""
            key = r.key[:12] if r.key else "(after its inputs)"
            click.echo(f"  {mark}  {r.task.name:<20} {r.task.kind:<13} {key}{paid}")
            if explain:
                click.echo("          " + json.dumps({"plugin": r.task.plugin, "version": r.task.version, "params": r.task.params, "inputs": list(r.task.deps)}, sort_keys=True)[:2000])
        # A request made twice is paid once (tasks with one key run once): count each key once.
        paid = list({r.key or r.task.id: r for r in todo if r.task.costly}.values())
        cost = sum(r.task.estimate for r in paid)
        total += cost
        click.echo(f"  AI calls: {len(paid)}, estimated cost ${cost:.2f} (provider: {project.provider.name})")
    if len(report.books) > 1:
        click.echo(f"estimated cost of this build: ${total:.2f}")


def _plan_json(project: Project, report: BuildReport, explain: bool) -> dict:
    books = []
    for book in report.books:
        tasks = []
        for r in book.results:
            entry = {"task": r.task.name, "kind": r.task.kind, "key": r.key, "cached": r.cached, "ai_call": r.task.costly, "estimate": r.task.estimate if r.task.costly else 0.0}
            if explain:
                entry["inputs"] = {"plugin": r.task.plugin, "version": r.task.version, "params": r.task.params, "deps": list(r.task.deps)}
            tasks.append(entry)
        paid = list({r.key or r.task.id: r for r in book.results if r.task.costly and not r.cached}.values())  # each request once
        books.append({"book": book.book.slug, "tasks": tasks, "to_run": sum(not r.cached for r in book.results), "ai_calls": len(paid), "estimated_cost": round(sum(r.task.estimate for r in paid), 4)})
    return {"provider": project.provider.name, "books": books, "estimated_cost": round(sum(b["estimated_cost"] for b in books), 4)}


def _print_book(project: Project, book: BookReport) -> None:
    if book.failed:
        _print_failures(book)
        _print_spent(project, book, err=True)
        _print_findings(book.findings)
        return
    for line in _book_lines(project, book):
        click.echo(line)


def _book_lines(project: Project, book: BookReport, noop: bool = False) -> list[str]:
    """What the summary says of a book that built; ``noop``: as the next build, with nothing to do, will."""
    t = book.totals
    state = "nothing to do, every task cached" if noop or t["ran"] == 0 else f"{t['ran']} ran, {t['cached']} cached"
    published = dict.fromkeys(name for r in book.results for name in r.task.publish)  # interior.pdf, cover.pdf, ebook.epub...
    outputs = ", ".join(project.rel(project.build_dir / book.book.slug / n) for n in published if (project.build_dir / book.book.slug / n).exists())
    lines = [f"{book.book.slug}: {t['tasks']} tasks: {state} -> {outputs}"]
    if not noop:  # a build with nothing to do spends nothing
        lines += _spent_lines(project, book)
    return lines + [f"  {f}" for f in book.findings]


def _noop_lines(project: Project, report: BuildReport) -> list[str]:
    """The whole summary of the next build if nothing changes; the total's time is filled in then."""
    from bookbuild.engine.noop import TOTAL

    lines = [line for book in report.books for line in _book_lines(project, book, noop=True)]
    return [*lines, TOTAL, *_idle_paid_lines(project)]


def _print_spent(project: Project, book: BookReport, err: bool = False) -> None:
    for line in _spent_lines(project, book):
        click.echo(line, err=err)


def _spent_lines(project: Project, book: BookReport) -> list[str]:
    """What the build spent on the book, failed calls included; and its running total when capped."""
    t = book.totals
    if not (t["cost"] or t["images"] or t["input_tokens"] or t["requests"]):
        return []
    line = f"  spent: {t['input_tokens'] + t['output_tokens']} tokens, {t['images']} images, {t['requests']} requests, ${t['cost']:.2f}"
    if project.settings.max_book_cost:
        from bookbuild.engine import manifest

        line += f" (${manifest.spent_to_date(project.build_dir, book.book.slug):.2f} of max_book_cost ${project.settings.max_book_cost:.2f} in all its builds)"
    return [line]


def _print_failures(book: BookReport) -> None:
    """Each distinct reason once, with the tasks it stopped."""
    click.echo(f"{book.book.slug}: FAILED", err=True)
    by_reason: dict[str, list[str]] = {}
    for r in book.failed:
        if not r.error.startswith("not run: ") or "failed" not in r.error.split(";")[0]:
            by_reason.setdefault(r.error, []).append(r.task.name)
    for reason, tasks in by_reason.items():
        names = ", ".join(tasks[:4]) + (f" and {len(tasks) - 4} more" if len(tasks) > 4 else "")
        click.echo(f"  {names}: {reason}", err=True)
    downstream = len(book.failed) - sum(map(len, by_reason.values()))
    if downstream:
        click.echo(f"  ({downstream} tasks that need them did not run)", err=True)


def _print_findings(findings: list[Finding]) -> None:
    for f in findings:
        click.echo(f"  {f}")


def _count(findings: list[Finding]) -> str:
    errors = sum(f.severity == "error" for f in findings)
    return f"{errors} errors, {len(findings) - errors} warnings"


def _print_total(report: BuildReport, seconds: float, shard: Shard | None = None) -> None:
    ran = sum(b.totals["ran"] for b in report.books)
    if shard is not None and not report.books:
        _say_empty(shard)
        return
    failed = sum(1 for b in report.books if b.failed)
    status = ("no task ran" if failed else "every task cached") if ran == 0 else f"{ran} tasks ran"
    if failed:
        status += f"; {failed} book{'s' if failed != 1 else ''} FAILED"
    where = f"shard {shard}: " if shard is not None else ""
    click.echo(f"{where}{books_count(report)} in {seconds:.2f}s ({status})")


def books_count(report: BuildReport) -> str:
    books = len(report.books)
    return f"{books} book{'s' if books != 1 else ''}"


def _print_remote(project: Project, report: BuildReport) -> None:
    """The fleet's view: what came from the remote cache and what went up to it."""
    remote = project.cache.remote
    if remote is None:
        return
    info = remote.describe()
    sums = {k: sum(b.totals[k] for b in report.books) for k in ("local_hits", "remote_hits", "uploads", "bytes_down", "bytes_up")}
    click.echo(
        f"remote cache {info['url']} ({info['mode']}): {sums['local_hits']} local hits, {sums['remote_hits']} remote hits, "
        f"{sums['uploads']} uploads; {_mb(sums['bytes_down'])} down, {_mb(sums['bytes_up'])} up"
    )
    if info["state"] != "ok":
        click.echo(f"  {info['state']}: this build used the local cache only")


def _mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def _say_empty(shard: Shard) -> None:
    click.echo(f"shard {shard}: no books fall in it (books are split by a hash of their folder names)")


def _note_idle_paid(project: Project) -> None:
    for line in _idle_paid_lines(project):
        click.echo(line)


def _idle_paid_lines(project: Project) -> list[str]:
    """A key in the shell buys nothing unless the provider is named: say so, once."""
    from bookbuild.providers import idle_paid

    return [
        f"note: the {name} provider is set up but not used (provider: {project.provider.name}); paid providers run only when named: provider = \"{name}\" in bookbuild.toml or BOOKBUILD_PROVIDER={name}"
        for name in idle_paid(project.pm, project.settings, project.provider)
    ]


def _json(report: BuildReport) -> dict:
    return {
        "books": [{"book": b.book.slug, "totals": b.totals, "failed": [{"task": r.task.name, "error": r.error} for r in b.failed]} for b in report.books],
        "findings": [f.to_json() | {"book": b.book.slug} for b in report.books for f in b.findings],
    }
