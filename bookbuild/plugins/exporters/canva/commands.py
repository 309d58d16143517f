"""The work behind `bookbuild canva login|logout|templates|export` (the click
commands live in bookbuild.plugins.exporters.canva and stay import-light)."""

from __future__ import annotations

import logging
import re
import webbrowser
from typing import Any, Callable

from bookbuild.errors import BookbuildError

from .client import CanvaClient, Poll
from .config import SCOPES, Credentials, Endpoints, tokens_path
from .errors import CanvaError
from .mapping import describe_dataset
from .oauth import Session, TokenEndpoint, login
from .retry import Backoff
from .tokens import Tokens, TokenStore
from .transport import Http

log = logging.getLogger(__name__)
Echo = Callable[..., None]


def make_http(section: dict[str, Any]) -> Http:
    return Http(timeout=section.get("timeout", 60.0), backoff=Backoff(retries=section.get("max_retries", 5), base=section.get("backoff", 1.0)))


def make_client(section: dict[str, Any]) -> CanvaClient:
    """A client on the tokens file; credentials are read only if a refresh is needed."""
    endpoints, http = Endpoints.from_env(), make_http(section)
    session = Session(TokenStore(tokens_path()), lambda: TokenEndpoint(endpoints.token, Credentials.from_env(), http))
    poll = Poll(first=section.get("poll_interval", 0.5), timeout=section.get("job_timeout", 600.0))
    return CanvaClient(endpoints.api, session, http, poll)


def run_login(section: dict[str, Any], port: int, browser: bool, timeout: float, echo: Echo) -> None:
    endpoints, credentials, http = Endpoints.from_env(), Credentials.from_env(), make_http(section)
    store = TokenStore(tokens_path())
    try:
        tokens = login(endpoints, credentials, section.get("scopes") or " ".join(SCOPES), port, _announcer(browser, echo), timeout, http)
        store.save(tokens)  # first: the refresh token must not be lost whatever happens next
        tokens = _with_account(store, TokenEndpoint(endpoints.token, credentials, http), endpoints.api, http)
    finally:
        http.close()
    missing = sorted(set(SCOPES) - set(tokens.scope.split()))
    if tokens.scope and missing:
        echo(f"warning: Canva did not grant {', '.join(missing)}: enable them for your integration, then log in again", err=True)
    echo(f"Signed in to Canva. Tokens saved to {store.path} (readable only by you).")


def _announcer(browser: bool, echo: Echo) -> Callable[[str, str], None]:
    """Show the sign-in address on a line of its own (to copy), and open it unless --no-browser."""

    def announce(url: str, redirect: str) -> None:
        echo("Opening Canva in your browser to sign in; if it does not open, use this address:" if browser else "Sign in to Canva and allow bookbuild access. Open this address in a browser:")
        echo(url)
        echo(f"Waiting for Canva to send you back to {redirect} (Ctrl-C to stop) ...")
        if browser:
            webbrowser.open(url)

    return announce


def _with_account(store: TokenStore, endpoint: TokenEndpoint, api: str, http: Http) -> Tokens:
    """Add who signed in to the saved tokens (part of the cache key of uploads: asset ids belong to one user)."""
    from dataclasses import replace

    client = CanvaClient(api, Session(store, lambda: endpoint), http)
    try:
        who = client.whoami()
    except CanvaError as exc:  # not fatal: uploads are then keyed by content alone
        log.warning("could not tell which Canva user signed in: %s", exc.format_message())
        return client.session.tokens
    tokens = replace(client.session.tokens, user_id=str(who.get("user_id", "")), team_id=str(who.get("team_id", "")))  # after any refresh
    store.save(tokens)
    return tokens


def run_logout(section: dict[str, Any], echo: Echo) -> None:
    store = TokenStore(tokens_path())
    try:
        tokens = store.load()
    except BookbuildError:  # a damaged file is removed all the same
        tokens = None
    if tokens is not None:
        _revoke(tokens.refresh_token, section)
    if store.delete():
        echo(f"Signed out of Canva: removed {store.path}")
    else:
        echo(f"Not signed in to Canva (no tokens at {store.path}).")


def _revoke(refresh_token: str, section: dict[str, Any]) -> None:
    """Best effort: revoking the refresh token ends its whole lineage at Canva (APIS.md A1)."""
    try:
        credentials = Credentials.from_env()
    except Exception:  # noqa: BLE001 - without credentials the local tokens are still removed
        return
    endpoints, http = Endpoints.from_env(), Http(timeout=10.0, backoff=Backoff(retries=1, base=section.get("backoff", 1.0)))
    url = endpoints.token.rsplit("/token", 1)[0] + "/revoke"
    try:
        http.send("POST", url, "revoke the sign-in", data={"token": refresh_token}, auth=(credentials.client_id, credentials.client_secret))
    except CanvaError as exc:
        log.warning("could not revoke the Canva sign-in: %s", exc.format_message())
    finally:
        http.close()


def run_templates(client: CanvaClient, template_id: str | None, echo: Echo) -> None:
    if not template_id:
        items = client.brand_templates()
        for item in items:
            echo(f"{item['id']}  {item.get('title', '')}")
        echo(f"{len(items)} brand templates with autofill fields" + ("; `bookbuild canva templates ID` shows one's fields" if items else ""))
        return
    template = client.brand_template(template_id)
    dataset = client.dataset(template_id)
    echo(f"{template_id}: {template.get('title', '')}")
    echo(f"fields: {describe_dataset(dataset)}")
    echo("\nA starting point for bookbuild.toml (check the guesses):\n")
    echo(f'[canva]\nbrand_template_id = "{template_id}"\n\n[canva.fields]')
    for line in suggest_fields(dataset):
        echo(line)


GUESSES = (("subtitle", "subtitle"), ("title", "title"), ("author", "author"), ("cover", "cover"), ("dedication", "dedication"), ("copyright", "copyright"), ("description", "description"))


def suggest_fields(dataset: dict[str, dict[str, Any]]) -> list[str]:
    """TOML lines mapping the template's fields: numbered ones become {n} patterns."""
    lines, patterns = [], {}
    for name, spec in sorted(dataset.items()):
        kind = spec.get("type", "")
        if re.search(r"\d+", name) and kind in ("text", "image"):
            patterns[re.sub(r"[1-9][0-9]*", "{n}", name, count=1)] = "page.text" if kind == "text" else "page.image"
            continue
        guess = next((source for word, source in GUESSES if word in name.lower()), None)
        fits = guess is not None and (guess == "cover") == (kind == "image")
        lines.append(f'{name} = "{guess}"' if fits else f'# {name} = ?   ({kind}: title, author, cover, page.1.text, ...)')
    return lines + [f'"{pattern}" = "{source}"' for pattern, source in patterns.items()]
