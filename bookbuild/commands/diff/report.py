"""report.md (fits a pull-request comment) and report.html (the page images).

Both read a DiffReport. The Markdown stays under GitHub's comment limit: long
text diffs are cut there (never in the HTML), with a note saying so.
"""

from __future__ import annotations

from pathlib import Path

from bookbuild.engine.artifacts import write_atomic
from .ebook import ebook_text
from .model import BookDiff, DiffReport, Move, PageChange
from .textdiff import FileDiff

MARKDOWN, HTML = "report.md", "report.html"
MARKDOWN_BUDGET = 60_000  # GitHub refuses comments over 65,536 characters
DIFF_LINES_PER_FILE = 120
TEXT_CHARS = 160
RUN_MIN = 3  # this many consecutive pages changed alike: one line
STATUS = {"changed": "changed", "added": "new book", "deleted": "deleted", "unchanged": "no change in print", "failed": "did not build"}


def write(diff: DiffReport, out: Path) -> tuple[Path, Path]:
    from .html import render_html

    md, html = out / MARKDOWN, out / HTML
    write_atomic(md, render_markdown(diff).encode())
    write_atomic(html, render_html(diff).encode())
    return md, html


def render_markdown(diff: DiffReport) -> str:
    head = [f"## bookbuild diff\n\n`{diff.base}` → `{diff.head}`\n", _summary(diff)]
    tail = [("### Shared inputs (every book)\n\n" + _files(diff.shared_files, MARKDOWN_BUDGET // 4)) if diff.shared_files else "", _footer(diff)]
    room = MARKDOWN_BUDGET - sum(map(len, head + tail)) - 200
    sections: list[str] = []
    for index, book in enumerate(diff.books):
        section = _book(book, room)
        if len(section) > room:  # even without its text diffs: leave this and the rest to report.html
            sections.append(f"*{len(diff.books) - index} more books left out to fit a comment; report.html has them.*\n")
            break
        sections.append(section)
        room -= len(section)
    return "\n".join(p for p in head + sections + tail if p)


def _summary(diff: DiffReport) -> str:
    if not diff.books:
        return "No book changed: no page of any book would print differently.\n"
    rows = ["| book | change | pages | new AI calls |", "|---|---|---|---|"]
    for book in diff.books:
        rows.append(f"| {_cell(book.slug)} | {STATUS[book.status]} | {_cell(page_summary(book))} | {ai_summary(book)} |")
    return "\n".join(rows) + "\n"


def page_summary(book: BookDiff) -> str:
    if book.status == "added":
        return f"{len(book.gallery) or book.page_total[1]} pages"
    if book.status in ("deleted", "failed"):
        return "-"
    counts = [(book.count("changed"), "changed"), (book.count("inserted"), "inserted"), (book.count("deleted"), "deleted"), (sum(m.count for m in book.moves), "moved")]
    text = ", ".join(f"{n} {what}" for n, what in counts if n)
    cover = "cover changed" if book.cover else ""
    ebook = {"added": "ebook added", "removed": "ebook removed", "changed": "ebook changed"}[book.ebook.status] if book.ebook else ""
    return ", ".join(p for p in (text, cover, ebook) if p) or "none changed"


def ai_summary(book: BookDiff) -> str:
    if book.status == "deleted":
        return "-"
    if not book.ai.calls:
        return "0"
    cost = f" (about ${book.ai.estimate:.2f})" if book.ai.estimate is not None else " (cost not estimated)"
    return f"{book.ai.calls}{cost}"


def _book(book: BookDiff, budget: int) -> str:
    lines = [f"### {book.slug}: {_inline(book.title)} ({STATUS[book.status]})", ""]
    for side, error in book.errors.items():
        lines += [f"**{side} did not build:**", "", "```", error, "```", ""]
    lines += _facts_md(book)
    lines += _pages_md(book)
    if book.status not in ("deleted", "failed"):  # a side that did not build has no findings to compare
        lines += _findings_md(book)
        lines += [f"**AI calls:** {ai_sentence(book)}", ""]
    if book.status == "deleted" and book.files:
        lines += [deleted_files_text(book.files), ""]
    elif book.files:
        lines.append(_files(book.files, budget - sum(map(len, lines)) - 200))
    return "\n".join(lines)


def deleted_files_text(files: list[FileDiff]) -> str:
    names = [f.path.split("/", 2)[-1] for f in files]
    shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
    return f"Files deleted: {len(files)} ({_inline(shown)})"


def _facts_md(book: BookDiff) -> list[str]:
    rows = [f for f in book.facts if f[1] or f[2]] if book.status in ("added", "deleted") else book.changed_facts
    if not book.facts:
        return []  # a side that did not load
    if not rows:
        return ["Print: metadata, trim, page count and spine unchanged.", ""]
    column = {"added": "| | new |", "deleted": "| | was |"}.get(book.status, "| | before | after |")
    lines = [column, "|---|---|" + ("---|" if column.count("|") == 4 else "")]
    for name, before, after in rows:
        values = [after] if book.status == "added" else [before] if book.status == "deleted" else [before, after]
        lines.append("| " + " | ".join(_cell(v) or "(empty)" for v in (name, *values)) + " |")
    return lines + [""]


def _pages_md(book: BookDiff) -> list[str]:
    if book.status == "added" and book.ebook:
        return [f"**Ebook:** {ebook_text(book.ebook)}", ""]
    if book.status in ("added", "deleted", "failed"):
        return []
    lines = ["**Pages:** " + page_summary(book) + f" ({book.unchanged_pages} unchanged of {book.page_total[1]})", ""]
    for run in runs(book.pages):
        lines += _change_md(run[0]) if len(run) < RUN_MIN else [_run_md(run)]
    lines += [f"- unchanged, moved: {move_text(m)}" for m in book.moves]
    if book.cover:
        lines.append(f"- cover: {book.cover.what} changed")
    if book.ebook:
        lines.append(f"- ebook: {ebook_text(book.ebook)}")
    return lines if lines[-1] == "" else lines + [""]


def runs(changes: list[PageChange]) -> list[list[PageChange]]:
    """Consecutive pages changed the same way with no text to show (a new trim: every page) go on one line."""
    found: list[list[PageChange]] = []
    for change in changes:
        last = found[-1][-1] if found else None
        if last and _same_run(last, change):
            found[-1].append(change)
        else:
            found.append([change])
    return [r for run in found for r in ([run] if len(run) >= RUN_MIN else [[c] for c in run])]


def _run_md(run: list[PageChange]) -> str:
    first, last = (c.after.label.partition("(")[2].rstrip(")") if c.after else "" for c in (run[0], run[-1]))
    sources = f" ({first} to {last})" if first and last else ""
    return f"- pages {run[0].head}-{run[-1].head}{sources}: {run[0].what} changed"


def _same_run(a: PageChange, b: PageChange) -> bool:
    quiet = not (a.text_before or a.text_after or b.text_before or b.text_after)
    return quiet and a.kind == b.kind == "changed" and a.what == b.what and a.base is not None and a.head is not None and (b.base, b.head) == (a.base + 1, a.head + 1)


def _change_md(change: PageChange) -> list[str]:
    if change.kind == "inserted":
        return [f"- {change.after.label if change.after else change.head}: inserted" + _quote(change.text_after)]
    if change.kind == "deleted":
        return [f"- {change.before.label if change.before else change.base} of the base: deleted" + _quote(change.text_before)]
    where = change.after.label if change.after else f"page {change.head}"
    moved = f" (was page {change.base})" if change.base != change.head else ""
    lines = [f"- {where}{moved}: {change.what} changed, {change.area:.0%} of the page"]
    if change.text_before or change.text_after:
        lines += [f"  - before: {_quote_text(change.text_before)}", f"  - after: {_quote_text(change.text_after)}"]
    return lines


def move_text(move: Move) -> str:
    if move.count == 1:
        return f"page {move.base_first} is now page {move.head_first}"
    return f"pages {move.base_first}-{move.base_first + move.count - 1} are now {move.head_first}-{move.head_first + move.count - 1}"


def _findings_md(book: BookDiff) -> list[str]:
    if not book.findings_new and not book.findings_gone:
        return ["**Findings:** no new or resolved KDP findings.", ""]
    lines = ["**Findings:**", ""]
    lines += [f"- new: {finding_text(f)}" for f in book.findings_new]
    lines += [f"- resolved: {finding_text(f)}" for f in book.findings_gone]
    return lines + [""]


def finding_text(f) -> str:
    """As build and validate print it: 'page 5 (pages/03.md): warning [reading-level] ...'."""
    where = f"{f.where}: " if f.where else ""
    return f"{where}{f.severity} [{f.rule}] {_inline(f.message)}"


def ai_sentence(book: BookDiff) -> str:
    if not book.ai.calls:
        return "none new: the head needs no paid AI output that the base did not have."
    cost = f", about ${book.ai.estimate:.2f}" if book.ai.estimate is not None else "; the provider gave no cost estimate"
    provider = f" ({book.ai.provider})" if book.ai.provider else ""
    return f"{book.ai.calls} new{provider}{cost}."


def _files(files: list[FileDiff], budget: int) -> str:
    added, removed = sum(f.added for f in files), sum(f.removed for f in files)
    renamed = [f for f in files if f.status == "R"]
    body = [renamed_text(renamed) + "\n"] if renamed else []
    cut = False
    for f in (f for f in files if f.status != "R"):
        block = _file_block(f)
        if sum(map(len, body)) + len(block) > budget:
            block = f"`{f.path}`: +{f.added} −{f.removed}, left out here to fit a comment\n"
            cut = True
        body.append(block)
    note = " (cut to fit; report.html has all of it)" if cut else ""
    summary = f"Spec and text: {len(files)} file{'s' if len(files) != 1 else ''}, +{added} −{removed}{note}"
    return f"<details><summary>{summary}</summary>\n\n" + "\n".join(body) + "\n</details>\n"


def renamed_text(renamed: list[FileDiff]) -> str:
    names = ", ".join(f"{f.renamed_from.rpartition('/')[2]} → {f.path.rpartition('/')[2]}" for f in renamed)
    return f"Renumbered, text unchanged: {_inline(names)}"


def _file_block(f: FileDiff) -> str:
    if f.binary:
        return f"`{f.path}`: binary file {'added' if f.status == 'A' else 'deleted' if f.status == 'D' else 'changed'}, {f.binary}\n"
    lines = list(f.lines)
    if len(lines) > DIFF_LINES_PER_FILE:
        lines = lines[:DIFF_LINES_PER_FILE] + [f"... {len(f.lines) - DIFF_LINES_PER_FILE} more lines in report.html"]
    fence = _fence("\n".join(lines))
    return f"{fence}diff\n" + "\n".join(lines) + f"\n{fence}\n"


def _fence(text: str) -> str:
    """A code fence longer than any run of backticks inside."""
    longest, run = 0, 0
    for ch in text:
        run = run + 1 if ch == "`" else 0
        longest = max(longest, run)
    return "`" * max(3, longest + 1)


def _footer(diff: DiffReport) -> str:
    spent = sum(diff.spent.values())
    paid = f"; this run paid ${spent:.2f} for AI calls" if spent else ""
    return f"\n<sub>bookbuild diff in {diff.seconds:.1f}s{paid}. Page images side by side: report.html.</sub>\n"


def _quote(text: str) -> str:
    return f": {_quote_text(text)}" if text else ""


def _quote_text(text: str) -> str:
    text = text if len(text) <= TEXT_CHARS else text[: TEXT_CHARS - 1] + "…"
    return _inline(text) if text else "(no text)"


def _inline(text: str) -> str:
    """Text safe inside a Markdown line: no HTML, no line breaks."""
    return " ".join(str(text).split()).replace("<", "&lt;").replace(">", "&gt;")


def _cell(text: str) -> str:
    return _inline(text).replace("|", "\\|")
