"""Canva export: `bookbuild canva login|logout|templates|export` and the Canva tasks.

Adds ``[canva]`` to bookbuild.toml and a ``canva:`` key to book.yaml (the brand
template and how its fields map to the book). The work is in the modules beside this one;
this one imports only click at the top, so `bookbuild --help` never loads
httpx. See docs/canva.md.

The modules, from the wire up:

- config: environment variables, URLs, scopes, where the tokens live
- errors: what goes wrong, in words a publisher can act on (never a token)
- tokens: the tokens file (0600, atomic, locked while a refresh rotates it)
- retry: backoff with jitter, Retry-After, a per-endpoint rate limiter
- transport: httpx with those retries; knows nothing of tokens
- oauth: PKCE, the local 127.0.0.1 callback, code exchange and refresh (Session)
- client: the REST calls (asset uploads, brand templates, autofills, exports) and job polling
- mapping: template dataset fields <- book fields (title, author, page text, illustrations)
- export: the Canva tasks in the build graph, and what `canva export` prints
- commands: the work behind login, logout and templates
"""

from __future__ import annotations

import sys
from typing import Any

import click

from bookbuild import hookimpl

VERSION = "1"  # in the key of every Canva task: bump when the same inputs should make a different design
QUALITIES = ("regular", "pro")


def _positive(what: str):
    def check(value: Any) -> Any:
        if value < 0:
            raise ValueError(f"{value} is negative: {what} must be 0 or more")
        return value

    return check


def _port(value: int) -> int:
    if not 0 <= value <= 65535:
        raise ValueError(f"{value} is not a TCP port (0-65535)")
    return value


def _fields(value: Any) -> dict[str, str]:
    from .mapping import check_fields

    return check_fields(value)


@hookimpl
def register_settings() -> dict[str, tuple]:
    from .config import DEFAULT_REDIRECT_PORT, DEFAULT_SCOPES
    from bookbuild.spec.schema import Field

    return {
        "canva": (
            Field("brand_template_id", default="", help="the brand template to fill (`bookbuild canva templates` lists them)"),
            Field("fields", dict, default={}, check=_fields, help="template field = book field; see docs/canva.md"),
            Field("export_quality", default="regular", choices=QUALITIES, help="pro needs a Canva plan with PRO exports"),
            Field("scopes", default=DEFAULT_SCOPES, help="OAuth scopes asked for at login (space-separated)"),
            Field("redirect_port", int, default=DEFAULT_REDIRECT_PORT, check=_port, help="127.0.0.1 port of the login redirect; register http://127.0.0.1:PORT/oauth/redirect"),
            Field("max_retries", int, default=5, check=_positive("max_retries"), help="retries on 429, 5xx and network errors"),
            Field("backoff", (int, float), default=1.0, check=_positive("backoff"), help="seconds before the first retry; doubles each time (jittered, at most 60)"),
            Field("poll_interval", (int, float), default=0.5, check=_positive("poll_interval"), help="seconds before the first job poll; x1.6 each time, at most 10"),
            Field("job_timeout", (int, float), default=600.0, check=_positive("job_timeout"), help="seconds a Canva job may take"),
            Field("timeout", (int, float), default=60.0, check=_positive("timeout"), help="seconds to wait for one answer"),
        )
    }


@hookimpl
def register_book_fields() -> tuple:
    from bookbuild.spec.schema import Field

    fields = (
        Field("brand_template_id", help="this book's brand template (default: [canva] brand_template_id)"),
        Field("fields", dict, check=_fields, help="template field = book field; see docs/canva.md"),
        Field("export_quality", choices=QUALITIES),
        Field("title", help="the design's title in Canva"),
    )
    given = lambda values: {k: v for k, v in values.items() if v is not None}  # noqa: E731 - unset keys keep [canva]'s
    return (Field("canva", dict, fields=fields, check=given, help="brand_template_id, fields, export_quality, title: this book's Canva export (docs/canva.md)"),)


@hookimpl
def register_commands(cli: click.Group) -> None:
    cli.add_command(canva)


def _section(ctx: click.Context) -> tuple[Any, dict[str, Any]]:
    from bookbuild.commands import open_project

    project = open_project(ctx)
    return project, project.settings.section("canva")


@click.group()
def canva() -> None:
    """Canva Connect: sign in, fill a brand template with a book, export the PDF."""


@canva.command()
@click.option("--no-browser", is_flag=True, help="Print the sign-in address instead of opening a browser.")
@click.option("--port", type=click.IntRange(0, 65535), help="127.0.0.1 port for Canva's redirect (default: redirect_port in [canva], 3001).")
@click.option("--timeout", type=click.FloatRange(min=1), default=300, show_default=True, help="Seconds to wait for the sign-in.")
@click.pass_context
def login(ctx: click.Context, no_browser: bool, port: int | None, timeout: float) -> None:
    """Sign in to Canva (OAuth with PKCE); the tokens are kept outside the repository, readable only by you."""
    from .commands import run_login

    _, section = _section(ctx)
    run_login(section, section.get("redirect_port", 3001) if port is None else port, not no_browser, timeout, click.echo)


@canva.command()
@click.pass_context
def logout(ctx: click.Context) -> None:
    """Forget the Canva sign-in: revoke it at Canva (with credentials set) and delete the tokens."""
    from .commands import run_logout

    _, section = _section(ctx)
    run_logout(section, click.echo)


@canva.command()
@click.argument("template_id", required=False)
@click.pass_context
def templates(ctx: click.Context, template_id: str | None) -> None:
    """List your brand templates, or show one template's fields and a mapping to start from."""
    from .commands import make_client, run_templates

    _, section = _section(ctx)
    client = make_client(section)
    try:
        run_templates(client, template_id, click.echo)
    finally:
        client.close()


@canva.command()
@click.argument("book")
@click.pass_context
def export(ctx: click.Context, book: str) -> None:
    """Build BOOK, fill the brand template with it, export the PDF to build/<slug>/canva.pdf and preflight it."""
    from .commands import make_client
    from .export import run_export

    project, section = _section(ctx)
    client = make_client(section)
    try:
        status = run_export(project, book, client, click.echo)
    finally:
        client.close()
        project.cache.close()
    sys.exit(status)
