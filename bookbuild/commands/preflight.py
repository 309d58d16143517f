"""`bookbuild preflight`: KDP's checks on any interior (and cover) PDF, before upload."""

from __future__ import annotations

import click


@click.command("preflight")
@click.argument("interior", metavar="INTERIOR.pdf", type=click.Path(dir_okay=False))
@click.option("--cover", "cover", metavar="COVER.pdf", type=click.Path(dir_okay=False), help="Full-wrap cover PDF to check too.")
@click.option("--trim", required=True, metavar="WxH", help="Trim size in inches, e.g. 8.5x8.5 or 6x9.")
@click.option("--bleed/--no-bleed", default=None, help="Whether the interior bleeds. Default: guessed from page 1's size.")
@click.option("--paper", type=click.Choice(["white", "cream"]), default="white", show_default=True)
@click.option("--ink", type=click.Choice(["bw", "standard-color", "premium-color"]), default="premium-color", show_default=True)
@click.option("--coloring", is_flag=True, help="A coloring book (single-sided layout: one blank back at a time is expected).")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
def preflight_command(interior: str, cover: str | None, trim: str, bleed: bool | None, paper: str, ink: str, coloring: bool, output: str) -> None:
    """Check INTERIOR.pdf (and --cover COVER.pdf) against KDP's print rules.

    Works on any PDF: made by bookbuild, Canva, InDesign, Affinity, Word.
    Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage error
    or a file that is not a readable PDF.
    """
    from bookbuild.errors import UsageError
    from bookbuild.findings import has_errors
    from bookbuild.kdp.preflight import UnreadablePdf, report

    try:
        findings = _run(interior, cover, trim, bleed, paper, ink, coloring)
    except (UnreadablePdf, ValueError) as exc:
        raise UsageError(str(exc)) from None
    names = {"interior": click.format_filename(interior), "cover": click.format_filename(cover or "cover")}
    click.echo(report.as_json(findings) if output == "json" else report.as_text(findings, names))
    if has_errors(findings):
        click.get_current_context().exit(1)


def _run(interior: str, cover: str | None, trim: str, bleed: bool | None, paper: str, ink: str, coloring: bool) -> list:
    from bookbuild.kdp.preflight import PrintSpec, check_cover, check_interior
    from bookbuild.kdp.preflight.inspect import page_count

    if bleed is None:
        bleed = _guess_bleed(interior, trim)
    spec = PrintSpec.from_text(trim, bleed, paper, ink, coloring)
    findings = check_interior(interior, spec)
    if cover is not None:
        findings += check_cover(cover, spec, page_count(interior))
    return findings


def _guess_bleed(interior: str, trim: str) -> bool:
    """No --bleed/--no-bleed: bleed if page 1 is trim + bleed, and say so on stderr."""
    from bookbuild.kdp import table
    from bookbuild.kdp.preflight.inspect import page_size_in
    from bookbuild.kdp.preflight.spec import parse_size

    width, height = parse_size(trim)
    actual = page_size_in(interior)
    bleed_size = (width + table.BLEED_IN, height + 2 * table.BLEED_IN)
    bleed = all(abs(a - b) <= table.PAGE_SIZE_TOLERANCE_IN for a, b in zip(actual, bleed_size))
    click.echo(f"note: checking as {'--bleed' if bleed else '--no-bleed'} (page 1 is {actual[0]:.3f} x {actual[1]:.3f} in)", err=True)
    return bleed
