"""report.html: before and after, side by side, with the changed regions outlined.

One self-contained file (inline CSS, no script) beside images/, so it opens from
disk, from a CI artifact or from any static host.
"""

from __future__ import annotations

import difflib
from html import escape

from .ebook import ebook_text
from .model import BookDiff, DiffReport, PageChange, PageImage
from .report import STATUS, ai_sentence, ai_summary, deleted_files_text, finding_text, move_text, page_summary, renamed_text
from .textdiff import FileDiff

CSS = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 24px; color: #1f2328; background: #f6f8fa; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { margin: 32px 0 8px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
h3 { font-size: 16px; margin: 20px 0 8px; }
.revs { color: #57606a; margin-bottom: 16px; } code { background: #eaeef2; padding: 1px 4px; border-radius: 4px; }
table { border-collapse: collapse; background: #fff; margin: 6px 0 12px; }
th, td { border: 1px solid #d0d7de; padding: 4px 10px; text-align: left; vertical-align: top; }
th { background: #f0f3f6; }
.status { font-weight: 600; } .status.added { color: #1a7f37; } .status.deleted, .status.failed { color: #cf222e; }
.pair { display: flex; gap: 18px; align-items: flex-start; margin: 14px 0 26px; }
figure { margin: 0; flex: 1 1 0; max-width: 50%; }
figcaption { font-size: 13px; color: #57606a; margin-top: 4px; }
.frame { position: relative; display: inline-block; max-width: 100%; line-height: 0; box-shadow: 0 1px 4px rgba(0,0,0,.25); background: #fff; }
.frame img { max-width: 100%; height: auto; display: block; }
.box { position: absolute; border: 3px solid #ff2d55; background: rgba(255,45,85,.14); box-sizing: border-box; }
.inserted .frame { outline: 4px solid #1a7f37; } .deleted .frame { outline: 4px solid #cf222e; }
.empty { border: 2px dashed #afb8c1; color: #57606a; padding: 40px 12px; text-align: center; line-height: 1.4; }
.tag { display: inline-block; font-size: 12px; font-weight: 600; padding: 1px 8px; border-radius: 10px; margin-left: 6px; }
.tag.changed { background: #fff1c2; } .tag.inserted { background: #d3f5dc; } .tag.deleted { background: #ffd7d5; }
.page-text { font-size: 14px; margin: 4px 0 8px; max-width: 1100px; }
.page-text del { color: #82071e; background: #ffebe9; } .page-text ins { color: #116329; background: #dafbe1; text-decoration: none; }
.gallery { display: flex; flex-wrap: wrap; gap: 10px; } .gallery figure { flex: 0 0 auto; max-width: none; }
pre.diff { background: #fff; border: 1px solid #d0d7de; padding: 8px; overflow-x: auto; font-size: 12.5px; line-height: 1.35; }
pre.diff .add { color: #116329; background: #dafbe1; display: block; } pre.diff .del { color: #82071e; background: #ffebe9; display: block; }
pre.diff .hunk { color: #8250df; display: block; }
.note { color: #57606a; }
"""


def render_html(diff: DiffReport) -> str:
    head = f"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>bookbuild diff</title><style>{CSS}</style></head>\n<body>\n"
    intro = f"<h1>bookbuild diff</h1>\n<p class=\"revs\">before: <code>{escape(diff.base)}</code> &rarr; after: <code>{escape(diff.head)}</code></p>\n"
    body = [_summary(diff), *(_book(b) for b in diff.books)]
    if diff.shared_files:
        body.append("<h2>Shared inputs (every book)</h2>\n" + _files(diff.shared_files))
    footer = f"<p class=\"note\">Made in {diff.seconds:.1f}s. Outlined: the regions whose pixels changed.</p>\n"
    return head + intro + "\n".join(body) + footer + "</body></html>\n"


def _summary(diff: DiffReport) -> str:
    if not diff.books:
        return "<p>No book changed: no page of any book would print differently.</p>"
    rows = "".join(f"<tr><td><a href=\"#{escape(b.slug)}\">{escape(b.slug)}</a></td><td class=\"status {b.status}\">{STATUS[b.status]}</td><td>{escape(page_summary(b))}</td><td>{escape(ai_summary(b))}</td></tr>" for b in diff.books)
    return f"<table><tr><th>book</th><th>change</th><th>pages</th><th>new AI calls</th></tr>{rows}</table>"


def _book(book: BookDiff) -> str:
    parts = [f"<h2 id=\"{escape(book.slug)}\">{escape(book.slug)}: {escape(book.title)} <span class=\"status {book.status}\">({STATUS[book.status]})</span></h2>"]
    parts += [f"<h3>{side} did not build</h3><pre class=\"diff\">{escape(error)}</pre>" for side, error in book.errors.items()]
    parts.append(_facts(book))
    parts.append(_findings(book))
    if book.status not in ("deleted", "failed"):
        parts.append(f"<p><b>AI calls:</b> {escape(ai_sentence(book))}</p>")
    parts.append(_pages(book))
    if book.status == "deleted" and book.files:
        parts.append(f"<p>{escape(deleted_files_text(book.files))}</p>")
    elif book.files:
        parts.append("<h3>Spec and text</h3>" + _files(book.files))
    return "\n".join(p for p in parts if p)


def _facts(book: BookDiff) -> str:
    if book.status in ("added", "deleted"):
        title = "new" if book.status == "added" else "was"
        rows = "".join(f"<tr><th>{escape(n)}</th><td>{escape(a if book.status == 'added' else b)}</td></tr>" for n, b, a in book.facts if a or b)
        return f"<h3>Print</h3><table><tr><th></th><th>{title}</th></tr>{rows}</table>"
    if not book.facts:
        return ""
    if not book.changed_facts:
        return "<p class=\"note\">Print: metadata, trim, page count and spine unchanged.</p>"
    rows = "".join(f"<tr><th>{escape(n)}</th><td>{escape(b) or '(empty)'}</td><td>{escape(a) or '(empty)'}</td></tr>" for n, b, a in book.changed_facts)
    return f"<h3>Print</h3><table><tr><th></th><th>before</th><th>after</th></tr>{rows}</table>"


def _findings(book: BookDiff) -> str:
    items = [f"<li><b>new</b> {escape(finding_text(f))}</li>" for f in book.findings_new]
    items += [f"<li><b>resolved</b> {escape(finding_text(f))}</li>" for f in book.findings_gone]
    return f"<h3>Findings</h3><ul>{''.join(items)}</ul>" if items else ""


def _pages(book: BookDiff) -> str:
    ebook = f"<p><b>Ebook:</b> {escape(ebook_text(book.ebook))}</p>" if book.ebook else ""
    if book.gallery:
        figures = "".join(f"<figure><div class=\"frame\"><img src=\"{escape(i.png)}\" alt=\"\" loading=\"lazy\"></div><figcaption>{escape(i.label)}</figcaption></figure>" for i in book.gallery)
        return f"<h3>Pages</h3><div class=\"gallery\">{figures}</div>{ebook}"
    if book.status in ("deleted", "failed"):
        return ""
    counts = f"<p>{escape(page_summary(book))}; {book.unchanged_pages} of {book.page_total[1]} pages unchanged.</p>{ebook}"
    moves = "".join(f"<li>unchanged, moved: {escape(move_text(m))}</li>" for m in book.moves)
    pairs = [_pair(c, c.after.label if c.after else c.before.label if c.before else "") for c in book.pages]
    if book.cover:
        pairs.append(_pair(book.cover, "cover"))
    return "<h3>Pages</h3>" + counts + (f"<ul>{moves}</ul>" if moves else "") + "\n".join(pairs)


def _pair(change: PageChange, title: str) -> str:
    heading = f"<h3>{escape(title)}<span class=\"tag {change.kind}\">{change.kind}: {escape(change.what)}</span></h3>"
    text = ""
    if change.kind == "changed" and (change.text_before or change.text_after):
        text = f"<p class=\"page-text\">{word_diff(change.text_before, change.text_after)}</p>"
    before = _figure(change.before, "before", "not in the base: inserted") if change.kind != "inserted" else _empty("before: not in the base (inserted)")
    after = _figure(change.after, "after", "") if change.kind != "deleted" else _empty("after: deleted")
    return f"<section class=\"{change.kind}\">{heading}{text}<div class=\"pair\">{before}{after}</div></section>"


def word_diff(before: str, after: str) -> str:
    """The page's words once, the removed ones struck through, the new ones marked."""
    old, new = before.split(), after.split()
    out = []
    for op, o1, o2, n1, n2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape(" ".join(old[o1:o2])))
            continue
        if o2 > o1:
            out.append(f"<del>{escape(' '.join(old[o1:o2]))}</del>")
        if n2 > n1:
            out.append(f"<ins>{escape(' '.join(new[n1:n2]))}</ins>")
    return " ".join(out)


def _figure(image: PageImage | None, side: str, missing: str) -> str:
    if image is None:
        return _empty(missing)
    boxes = "".join(f"<span class=\"box\" style=\"left:{b.left:.2%};top:{b.top:.2%};width:{b.right - b.left:.2%};height:{b.bottom - b.top:.2%}\"></span>" for b in image.regions if b.area < 0.999)
    return f"<figure><div class=\"frame\"><img src=\"{escape(image.png)}\" alt=\"{side}: {escape(image.label)}\">{boxes}</div><figcaption>{side}: {escape(image.label)}</figcaption></figure>"


def _empty(text: str) -> str:
    return f"<figure><div class=\"empty\">{escape(text)}</div></figure>"


def _files(files: list[FileDiff]) -> str:
    renamed = [f for f in files if f.status == "R"]
    note = f"<p class=\"note\">{escape(renamed_text(renamed))}</p>" if renamed else ""
    return note + "".join(_file(f) for f in files if f.status != "R")


def _file(f: FileDiff) -> str:
    if f.binary:
        return f"<p><code>{escape(f.path)}</code>: binary file, {escape(f.binary)}</p>"
    lines = "".join(_diff_line(line) for line in f.lines)
    return f"<details open><summary><code>{escape(f.path)}</code> +{f.added} &minus;{f.removed}</summary><pre class=\"diff\">{lines}</pre></details>"


def _diff_line(line: str) -> str:
    kind = "hunk" if line.startswith("@@") else "add" if line.startswith("+") and not line.startswith("+++") else "del" if line.startswith("-") and not line.startswith("---") else ""
    text = escape(line)
    return f"<span class=\"{kind}\">{text}</span>" if kind else text + "\n"
