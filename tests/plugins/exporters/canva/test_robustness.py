"""When Canva is slow, busy or says no: retries with backoff, Retry-After, refreshed
tokens, failed jobs, and the Enterprise gate on autofill, each with a clear message."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from fakes.canva_server import fake_canva  # noqa: F401  (fixture, used by name)
from helpers.canva import canva_cli, canva_repo, uploads  # noqa: F401  (fixtures, used by name)


def saved_tokens() -> dict:
    return json.loads(Path(os.environ["BOOKBUILD_CANVA_TOKENS"]).read_text())


def test_rate_limits_server_errors_and_dropped_connections_are_retried(canva_repo, fake_canva, canva_cli):
    fake_canva.fail_next(429, times=2, path="/rest/v1/asset-uploads", method="POST")  # no Retry-After: backoff
    fake_canva.fail_next(429, times=1, path="/rest/v1/autofills", method="POST", retry_after="0")
    fake_canva.fail_next(503, times=1, path="/rest/v1/exports", method="POST")
    fake_canva.drop_next(times=1, path="/rest/v1/exports/")
    result = canva_cli("canva", "export", "small")
    assert result.exit_code == 0, result.output
    assert (canva_repo / "build/small/canva.pdf").is_file()
    assert fake_canva.count("POST", "/rest/v1/autofills") == 2 and fake_canva.count("POST", "/rest/v1/exports") == 2


def test_a_rate_limit_that_does_not_pass_is_a_clear_error_and_the_uploads_stay_cached(canva_repo, fake_canva, canva_cli):
    with open(canva_repo / "bookbuild.toml", "a", encoding="utf-8") as handle:
        handle.write("max_retries = 2\n")
    fake_canva.fail_next(429, times=3, path="/rest/v1/exports", method="POST")  # the first try and both retries
    result = canva_cli("canva", "export", "small")
    assert result.exit_code == 1
    assert "canva-export: Canva could not export design" in result.output
    assert "too_many_requests" in result.output and "still failing after 2 retries with backoff" in result.output
    assert fake_canva.count("POST", "/rest/v1/exports") == 3

    fake_canva.reset_log()
    assert canva_cli("canva", "export", "small").exit_code == 0
    assert uploads(fake_canva) == 0 and fake_canva.count("POST", "/rest/v1/autofills") == 0  # only the export reran


def test_a_failed_job_reports_canvas_code_and_message(canva_repo, fake_canva, canva_cli):
    fake_canva.fail_job("asset-uploads", "file_too_big", "Failed to import because the file is too big")
    result = canva_cli("canva", "export", "small")
    assert result.exit_code == 1
    assert "Canva could not upload bookbuild-" in result.output
    assert "file_too_big: Failed to import because the file is too big (Canva takes images under 50 MB)" in result.output


def test_autofill_without_enterprise_says_it_needs_enterprise(canva_repo, fake_canva, canva_cli):
    fake_canva.enterprise = False
    result = canva_cli("canva", "export", "small")
    assert result.exit_code == 1
    assert "permission_denied" in result.output and "needs a Canva Enterprise account" in result.output


def test_a_used_up_autofill_trial_is_not_retried(canva_repo, fake_canva, canva_cli):
    fake_canva.fail_next(429, times=5, path="/rest/v1/autofills", method="POST", code="quota_exceeded")
    result = canva_cli("canva", "export", "small")
    assert result.exit_code == 1
    assert "quota_exceeded" in result.output and "Canva Enterprise" in result.output
    assert fake_canva.count("POST", "/rest/v1/autofills") == 1


def test_pro_quality_without_the_licence_says_what_to_change(canva_repo, fake_canva, canva_cli):
    with open(canva_repo / "bookbuild.toml", "a", encoding="utf-8") as handle:
        handle.write('export_quality = "pro"\n')
    result = canva_cli("canva", "export", "small")
    assert result.exit_code == 1
    assert "license_required" in result.output and 'set export_quality = "regular"' in result.output


def test_a_refused_access_token_is_refreshed_once_and_the_new_refresh_token_kept(canva_repo, fake_canva, canva_cli):
    old = saved_tokens()
    fake_canva.expire_access_tokens()  # Canva now answers 401 invalid_access_token
    result = canva_cli("canva", "export", "small")
    assert result.exit_code == 0, result.output
    new = saved_tokens()
    assert new["refresh_token"] != old["refresh_token"] and new["access_token"] != old["access_token"]
    assert not fake_canva.refresh_token_valid(old["refresh_token"]) and fake_canva.refresh_token_valid(new["refresh_token"])
    assert fake_canva.count("POST", "/rest/v1/oauth/token") == 1  # one refresh for all the concurrent uploads
    assert stat.S_IMODE(Path(os.environ["BOOKBUILD_CANVA_TOKENS"]).stat().st_mode) == 0o600
    assert new["user_id"] == old["user_id"]


def test_an_expiring_token_is_refreshed_before_use(canva_repo, fake_canva, canva_cli):
    fake_canva.sign_in(Path(os.environ["BOOKBUILD_CANVA_TOKENS"]), expires_in=60)  # under the 10-minute margin
    assert canva_cli("canva", "export", "small").exit_code == 0
    assert fake_canva.count("POST", "/rest/v1/oauth/token") == 1
    assert fake_canva.count_status(401) == 0  # refreshed before Canva had to refuse it


def test_an_expired_sign_in_says_to_log_in_again(canva_repo, fake_canva, canva_cli):
    tokens = saved_tokens()
    Path(os.environ["BOOKBUILD_CANVA_TOKENS"]).write_text(json.dumps({**tokens, "expires_at": 0, "refresh_token": "fakeRT-spent"}))
    result = canva_cli("canva", "export", "small")
    assert result.exit_code == 1
    assert "your Canva sign-in has expired or was revoked (invalid_grant: Invalid refresh token): run `bookbuild canva login` again" in result.output
    assert uploads(fake_canva) == 0


def test_retry_after_is_honoured(fake_canva):
    from bookbuild.plugins.exporters.canva.retry import Backoff, RateLimiter
    from bookbuild.plugins.exporters.canva.transport import Http

    waits: list[float] = []
    http = Http(backoff=Backoff(retries=3, base=1.0, sleep=waits.append), limiter=RateLimiter(limits={}))
    fake_canva.fail_next(429, times=1, path="/rest/v1/users/me", retry_after="7")
    fake_canva.fail_next(500, times=1, path="/rest/v1/users/me")
    response = http.send("GET", fake_canva.base_url + "/rest/v1/users/me", "test")
    assert response.status_code == 401  # it got through to the auth check after the retries
    assert waits[0] == 7.0 and 0.5 <= waits[1] <= 1.0 * 2  # then backoff with jitter for the 500
    http.close()


def test_a_retry_after_too_long_to_wait_is_an_error_now(fake_canva):
    from bookbuild.plugins.exporters.canva.errors import CanvaError
    from bookbuild.plugins.exporters.canva.retry import Backoff
    from bookbuild.plugins.exporters.canva.transport import Http

    http = Http(backoff=Backoff(sleep=pytest.fail))
    fake_canva.fail_next(429, times=1, path="/rest/v1/users/me", retry_after="3600")
    with pytest.raises(CanvaError, match="Canva asks to wait 60 minutes"):
        http.send("GET", fake_canva.base_url + "/rest/v1/users/me", "test")
    http.close()


def test_an_unreachable_canva_is_retried_then_named(canva_repo, canva_cli, monkeypatch):
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("BOOKBUILD_CANVA_API", f"http://127.0.0.1:{port}/rest")
    result = canva_cli("canva", "export", "small")
    assert result.exit_code == 1
    assert f"Canva could not find brand template BTfake00001: cannot reach 127.0.0.1:{port}: ConnectError" in result.output
    assert "check the network connection, and BOOKBUILD_CANVA_API if you set it" in result.output


def test_an_account_on_the_autofill_trial_is_told_how_many_are_left(canva_repo, fake_canva, canva_cli):
    fake_canva.trial_uses = 2
    result = canva_cli("canva", "export", "small")
    assert result.exit_code == 0, result.output
    assert "on the autofill trial, 2 autofills left: autofilling a brand template needs a Canva Enterprise account" in result.output
    assert "autofill trial" not in canva_cli("canva", "export", "small").output  # said once, when it was used
