"""`bookbuild canva login|logout` against the fake Canva, with no human: the tests
follow the authorize URL the CLI prints, as a browser would."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from fakes.canva_server import fake_canva  # noqa: F401  (fixture, used by name)

SCOPES = "asset:read asset:write brandtemplate:content:read brandtemplate:meta:read design:content:read design:content:write design:meta:read"


def tokens_file() -> Path:
    return Path(os.environ["BOOKBUILD_CANVA_TOKENS"])


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_login_runs_the_whole_oauth_flow_and_keeps_the_tokens_private(fake_canva, tmp_path):
    command = [sys.executable, "-m", "bookbuild", "canva", "login", "--no-browser", "--port", "0", "--timeout", "20"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        printed = [proc.stdout.readline() for _ in range(2)]
        url = printed[1].strip()
        assert url.startswith(fake_canva.base_url + "/api/oauth/authorize?"), printed
        page = httpx.get(url, follow_redirects=True, timeout=10)  # the browser: Canva redirects to 127.0.0.1
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, out + err
    assert "Signed in to Canva" in page.text and "Signed in to Canva" in out

    query = fake_canva.authorize_queries[0]
    assert query["code_challenge_method"] == "S256" and query["scope"] == SCOPES
    assert fake_canva.pkce_checks == [True]  # the token endpoint got the verifier of that challenge
    saved = json.loads(tokens_file().read_text())
    assert saved["access_token"] == fake_canva.issued[0] and saved["refresh_token"] == fake_canva.issued[1]
    assert saved["user_id"] == "oUfakeUser01"
    assert mode(tokens_file()) == 0o600 and mode(tokens_file().parent) == 0o700
    assert not any(token in printed[0] + out + err for token in fake_canva.issued)


@pytest.fixture
def login(fake_canva, monkeypatch):
    """Run `bookbuild canva login` in-process; a fake browser follows the URL it opens."""
    from bookbuild.cli import cli as group
    from bookbuild.plugins.exporters import canva

    canva.register_commands(group)
    pages: list[str] = []

    def browser(url: str) -> bool:
        threading.Thread(target=lambda: pages.append(httpx.get(url, follow_redirects=True, timeout=10).text), daemon=True).start()
        return True

    monkeypatch.setattr("webbrowser.open", browser)
    return lambda *args: CliRunner().invoke(group, ["canva", "login", "--port", "0", "--timeout", "10", *args], catch_exceptions=False)


def test_declined_consent_says_so_and_saves_nothing(fake_canva, login):
    fake_canva.deny_next("access_denied")
    result = login()
    assert result.exit_code == 1
    assert "Canva sign-in was declined (access_denied: The user denied access)" in result.output
    assert "choose Allow" in result.output
    assert not tokens_file().exists()


def test_a_state_mismatch_is_refused(fake_canva, login):
    fake_canva.tamper_state_next()
    result = login()
    assert result.exit_code == 1
    assert "state mismatch" in result.output and "nothing was saved" in result.output
    assert not tokens_file().exists() and fake_canva.pkce_checks == []  # the code was never exchanged


def test_without_credentials_login_names_the_variables(fake_canva, login, monkeypatch):
    monkeypatch.delenv("CANVA_CLIENT_SECRET")
    result = login()
    assert result.exit_code == 2
    assert "CANVA_CLIENT_SECRET is not set" in result.output and "docs/canva.md" in result.output


def test_wrong_client_secret_is_named(fake_canva, login, monkeypatch):
    monkeypatch.setenv("CANVA_CLIENT_SECRET", "cnvca-wrong")
    result = login()
    assert result.exit_code == 2
    assert "did not accept the client credentials" in result.output and "CANVA_CLIENT_SECRET" in result.output


def test_logout_revokes_and_removes_the_tokens(fake_canva, login):
    from bookbuild.cli import cli as group

    assert login().exit_code == 0
    refresh = json.loads(tokens_file().read_text())["refresh_token"]
    result = CliRunner().invoke(group, ["canva", "logout"], catch_exceptions=False)
    assert result.exit_code == 0 and "Signed out of Canva" in result.output
    assert not tokens_file().exists()
    assert not fake_canva.refresh_token_valid(refresh)  # revoked at Canva too
    again = CliRunner().invoke(group, ["canva", "logout"], catch_exceptions=False)
    assert "Not signed in to Canva" in again.output
