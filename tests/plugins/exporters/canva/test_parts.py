"""The parts under the Canva commands: the tokens file, PKCE, backoff, the rate
limiter, and how a mapping meets a template with fewer pages than the book."""

from __future__ import annotations

import json
import os
import stat

import pytest

from helpers.canva import canva_cli, canva_repo  # noqa: F401  (fixtures, used by name)
from fakes.canva_server import TEMPLATE_ID, fake_canva, picture_book_template  # noqa: F401  (fixtures, used by name)


def test_the_tokens_file_is_private_from_its_first_byte(tmp_path):
    from bookbuild.plugins.exporters.canva.tokens import Tokens, TokenStore

    store = TokenStore(tmp_path / "cfg" / "canva-tokens.json")
    old = os.umask(0)  # even a umask that lets everyone read new files
    try:
        store.save(Tokens("at-secret", "rt-secret", 1e10, "asset:read"))
    finally:
        os.umask(old)
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700
    assert [p.name for p in store.path.parent.iterdir()] == ["canva-tokens.json"]  # no temporary file left
    tokens = store.load()
    assert tokens.refresh_token == "rt-secret" and "secret" not in repr(tokens)


def test_a_tokens_file_others_can_read_is_closed_and_a_damaged_one_named(tmp_path):
    from bookbuild.plugins.exporters.canva.tokens import TokenStore
    from bookbuild.errors import BookbuildError

    path = tmp_path / "canva-tokens.json"
    path.write_text(json.dumps({"access_token": "a", "refresh_token": "r", "expires_at": 1}))
    path.chmod(0o644)
    assert TokenStore(path).load().access_token == "a"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.write_text("{not json")
    with pytest.raises(BookbuildError, match="is damaged: run `bookbuild canva login` again"):
        TokenStore(path).load()


def test_pkce_challenge_is_rfc_7636s():
    from bookbuild.plugins.exporters.canva.oauth import challenge_of, pkce_pair

    assert challenge_of("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"  # RFC 7636 appendix B
    verifier, challenge = pkce_pair()
    assert 43 <= len(verifier) <= 128 and challenge == challenge_of(verifier) and pkce_pair()[0] != verifier


def test_backoff_grows_with_jitter_up_to_its_cap_and_retry_after_wins():
    from bookbuild.plugins.exporters.canva.retry import Backoff, retry_after_seconds

    low, high = Backoff(base=1, cap=8, random=lambda: 0.0), Backoff(base=1, cap=8, random=lambda: 0.999)
    assert [low.delay(n) for n in range(5)] == [0.5, 1, 2, 4, 4]
    assert all(low.delay(n) <= high.delay(n) <= min(8, 2**n) for n in range(6))
    assert low.delay(3, retry_after=0.0) == 0.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480) == 10.0
    assert retry_after_seconds("soon") is None


def test_the_rate_limiter_keeps_to_canvas_requests_per_minute():
    from bookbuild.plugins.exporters.canva.retry import RateLimiter

    now, waits = [0.0], []
    limiter = RateLimiter(clock=lambda: now[0], sleep=waits.append)
    assert sum(limiter.acquire("POST", "/v1/asset-uploads") for _ in range(30)) == 0  # a minute's burst
    assert limiter.acquire("POST", "/v1/asset-uploads") == pytest.approx(2.0)  # then 30 a minute
    assert limiter.acquire("GET", "/v1/asset-uploads/job-1") == 0  # polls have their own bucket
    now[0] = 60.0
    assert limiter.acquire("POST", "/v1/asset-uploads") == 0


def test_a_template_with_fewer_pages_than_the_book_gets_a_note(canva_repo, fake_canva, canva_cli):
    fake_canva.templates[TEMPLATE_ID] = picture_book_template(story_pages=12)
    result = canva_cli("canva", "export", "small")
    assert result.exit_code == 0, result.output
    assert "note: the template has page_{n}_text fields up to page 12, the story has 21 pages: pages 13-21 are not placed" in result.output
    assert max(int(name.split("_")[1]) for name in fake_canva.autofills[0]["data"] if name.startswith("page_")) == 12


def test_help_lists_canva_without_loading_httpx():
    import subprocess
    import sys

    code = "import sys; from bookbuild.cli import main; sys.argv=['bookbuild','--help']\ntry: main()\nexcept SystemExit: pass\nprint('httpx' in sys.modules, 'bookbuild.plugins.exporters.canva.client' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "canva" in out and out.strip().endswith("False False")
