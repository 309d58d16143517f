"""Where Canva is and who we are to it: URLs, scopes, credentials, the tokens file.

Every value can be pointed elsewhere by an environment variable, so tests (and
users of other regions or proxies) run the same code against another server.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from bookbuild.errors import UsageError

API_ENV = "BOOKBUILD_CANVA_API"
AUTHORIZE_ENV = "BOOKBUILD_CANVA_AUTHORIZE_URL"
TOKEN_URL_ENV = "BOOKBUILD_CANVA_TOKEN_URL"
TOKENS_ENV = "BOOKBUILD_CANVA_TOKENS"
CLIENT_ID_ENV = "CANVA_CLIENT_ID"
CLIENT_SECRET_ENV = "CANVA_CLIENT_SECRET"

DEFAULT_API = "https://api.canva.com/rest"
DEFAULT_AUTHORIZE_URL = "https://www.canva.com/api/oauth/authorize"
# Exactly what the export needs (APIS.md A1): asset:write does not imply asset:read.
SCOPES = (
    "asset:read",
    "asset:write",
    "brandtemplate:content:read",
    "brandtemplate:meta:read",
    "design:content:read",
    "design:content:write",
    "design:meta:read",
)
DEFAULT_SCOPES = " ".join(SCOPES)
DEFAULT_REDIRECT_PORT = 3001  # the Canva starter kit's; register http://127.0.0.1:3001/oauth/redirect
REDIRECT_PATH = "/oauth/redirect"
DOCS = "docs/canva.md"


@dataclass(frozen=True)
class Endpoints:
    api: str  # REST base, e.g. https://api.canva.com/rest (paths below it start with /v1)
    authorize: str
    token: str

    @classmethod
    def from_env(cls) -> "Endpoints":
        api = os.environ.get(API_ENV, "").strip().rstrip("/") or DEFAULT_API
        authorize = os.environ.get(AUTHORIZE_ENV, "").strip() or DEFAULT_AUTHORIZE_URL
        # The spec's tokenUrl (APIS.md A1); the newer /auth/v1/oauth/token is set by env if wanted.
        token = os.environ.get(TOKEN_URL_ENV, "").strip() or f"{api}/v1/oauth/token"
        return cls(api, authorize, token)


@dataclass(frozen=True)
class Credentials:
    client_id: str
    client_secret: str = field(repr=False)  # never printed, never logged

    @classmethod
    def from_env(cls) -> "Credentials":
        client_id = os.environ.get(CLIENT_ID_ENV, "").strip()
        secret = os.environ.get(CLIENT_SECRET_ENV, "").strip()
        missing = [name for name, value in ((CLIENT_ID_ENV, client_id), (CLIENT_SECRET_ENV, secret)) if not value]
        if missing:
            raise UsageError(
                f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not set: create a Canva integration "
                f"in the Canva Developer Portal and export its client ID and secret ({DOCS} shows how)"
            )
        return cls(client_id, secret)


def tokens_path() -> Path:
    """Outside any repository: $BOOKBUILD_CANVA_TOKENS, else the user's config folder."""
    explicit = os.environ.get(TOKENS_ENV, "").strip()
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME", "").strip() or str(Path.home() / ".config")
    return Path(base) / "bookbuild" / "canva-tokens.json"


def redirect_uri(port: int) -> str:
    return f"http://127.0.0.1:{port}{REDIRECT_PATH}"
