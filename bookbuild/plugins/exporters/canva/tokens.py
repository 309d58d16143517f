"""The tokens file: Canva's access and refresh tokens, readable only by the user.

It lives outside every repository (config.tokens_path), is created 0600 from the
first byte (os.open with the mode, never chmod afterwards) and replaced atomically,
so a killed refresh never leaves half a file, and a refresh token (which works
once) is never lost between being spent and being replaced. A lock file keeps two
bookbuild processes from spending the same refresh token.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterator

from bookbuild.errors import BookbuildError

log = logging.getLogger(__name__)
FILE_MODE = 0o600
DIR_MODE = 0o700


@dataclass(frozen=True)
class Tokens:
    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    expires_at: float  # epoch seconds
    scope: str = ""
    user_id: str = ""  # who signed in (not a secret): part of the cache key of uploads
    team_id: str = ""

    @classmethod
    def from_response(cls, data: dict[str, Any], previous: "Tokens | None" = None, now: float | None = None) -> "Tokens":
        """A token endpoint answer; a refresh keeps who signed in from the tokens it replaces."""
        now = time.time() if now is None else now
        keep = {"user_id": previous.user_id, "team_id": previous.team_id} if previous else {}
        scope = data.get("scope") or (previous.scope if previous else "")
        return cls(data["access_token"], data["refresh_token"], now + float(data.get("expires_in", 14400)), scope, **keep)

    def expires_within(self, seconds: float) -> bool:
        return self.expires_at - time.time() < seconds

    @property
    def account(self) -> str:
        return f"{self.team_id}/{self.user_id}" if self.user_id else ""


class TokenStore:
    def __init__(self, path: Path):
        self.path = path

    def load(self) -> Tokens | None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise BookbuildError(f"cannot read the Canva tokens file {self.path}: {exc.strerror}") from None
        self._keep_private()
        try:
            data = json.loads(text)
            return Tokens(**{k: data[k] for k in ("access_token", "refresh_token", "expires_at")}, **{k: data.get(k, "") for k in ("scope", "user_id", "team_id")})
        except (ValueError, KeyError, TypeError):
            raise BookbuildError(f"the Canva tokens file {self.path} is damaged: run `bookbuild canva login` again") from None

    def save(self, tokens: Tokens) -> None:
        """Write beside the file (0600 from creation), fsync, rename over it."""
        self.path.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(asdict(tokens), handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def delete(self) -> bool:
        try:
            self.path.unlink()
        except FileNotFoundError:
            return False
        self._lock_path.unlink(missing_ok=True)
        return True

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Held while a refresh token is spent and its successor saved (across processes)."""
        try:
            import fcntl
        except ImportError:  # not on POSIX: the in-process lock in oauth.Session still holds
            yield
            return
        self.path.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    @property
    def _lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    def _keep_private(self) -> None:
        # A file someone copied or made by hand may be readable by others: close it again.
        mode = self.path.stat().st_mode & 0o777
        if mode & 0o077:
            log.warning("%s was readable by others (mode %o); setting it to 600", self.path, mode)
            os.chmod(self.path, FILE_MODE)
