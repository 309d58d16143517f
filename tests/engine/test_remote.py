"""The remote cache's four operations, its settings and its failures, with boto3
against moto's S3 server on 127.0.0.1 (through a proxy that logs and injects faults)."""

from __future__ import annotations

import json
import logging

import pytest

from bookbuild.engine.hashing import sha256
from bookbuild.engine.remote import ATTEMPTS, RemoteConfig, S3Remote, configure, encode_entry, parse_url
from bookbuild.errors import SpecError, UsageError
from bookbuild.project import Project

from helpers import write_files
from fakes.s3_server import PREFIX, closed_endpoint, fake_s3  # noqa: F401  (fixtures, used by name)

ENTRY = {"value": {"pages": [{"number": 1, "text": "Pip smiles."}], "size": [64, 64]}, "files": {"image.png": sha256(b"x")}, "usage": {"images": 1, "cost": 0.04}, "seconds": 1.5, "task": "illustration:01", "plugin": "paid"}


def remote_for(fake, **options) -> S3Remote:
    return S3Remote(RemoteConfig(fake.bucket, PREFIX, **options))


def warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "bookbuild.remote" and r.levelno == logging.WARNING]


# -- the four operations ---------------------------------------------------------


def test_a_file_goes_up_once_by_its_digest_and_comes_back_checked(fake_s3):
    remote = remote_for(fake_s3)
    data = bytes(range(256)) * 400
    digest = sha256(data)

    assert remote.get_file(digest) is None  # a miss, not a failure
    assert remote.put_file(digest, data) == len(data)
    assert remote.put_file(digest, data) == 0  # already there: not sent again

    assert remote.get_file(digest) == data
    assert fake_s3.objects("files") == {f"{PREFIX}/v1/files/{digest}": len(data)}
    assert fake_s3.count("PUT") == 1 and remote.alive
    assert remote.counters.uploads == 1 and remote.counters.bytes_up == len(data) and remote.counters.bytes_down == len(data)


def test_an_entry_is_written_once_by_key(fake_s3):
    remote = remote_for(fake_s3)
    assert remote.get_entry("a" * 64) is None

    assert remote.put_entry("a" * 64, ENTRY) > 0
    assert remote.put_entry("a" * 64, {**ENTRY, "value": {"pages": []}}) == 0  # another machine's result: the first stays

    entry, size = remote.get_entry("a" * 64)
    assert entry == ENTRY and size == fake_s3.objects("tasks")[f"{PREFIX}/v1/tasks/{'a' * 64}"]
    assert remote.counters.hits == 1 and remote.counters.misses == 1


def test_entries_are_canonical_json_with_their_own_checksum(fake_s3):
    remote = remote_for(fake_s3)
    remote.put_entry("b" * 64, ENTRY)
    body = fake_s3.read(f"{PREFIX}/v1/tasks/{'b' * 64}")
    stored = json.loads(body)
    check = stored.pop("sha256")
    assert body == encode_entry("b" * 64, ENTRY) and stored["format"] == 1 and stored["key"] == "b" * 64
    assert check == sha256(json.dumps(stored, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode())


def _truncated(body: bytes) -> bytes:
    return body[: len(body) // 2]


def _flipped(body: bytes) -> bytes:
    return body.replace(b"Pip", b"Pop")  # still valid JSON, a different value


def _foreign(body: bytes) -> bytes:
    return json.dumps({"value": 1, "files": {}, "usage": {}}).encode()  # JSON, but not what bookbuild wrote


def _misplaced(body: bytes) -> bytes:
    return encode_entry("0" * 64, ENTRY)  # a whole entry, of another task


@pytest.mark.parametrize("damage", [_truncated, _flipped, _foreign, _misplaced, lambda body: b"", lambda body: b"\xff\xfe" * 10, lambda body: b"[]"])
def test_a_damaged_entry_is_not_used_warned_about_and_replaced(fake_s3, caplog, damage):
    remote = remote_for(fake_s3)
    name = f"{PREFIX}/v1/tasks/{'c' * 64}"
    remote.put_entry("c" * 64, ENTRY)
    fake_s3.write(name, damage(fake_s3.read(name)))

    assert remote.get_entry("c" * 64) is None
    assert remote.alive and remote.counters.damaged == 1
    assert len(warnings(caplog)) == 1 and name in warnings(caplog)[0]

    assert remote.put_entry("c" * 64, ENTRY) > 0  # the good entry replaces the damaged one
    assert remote.get_entry("c" * 64)[0] == ENTRY


@pytest.mark.parametrize("damage", [_truncated, lambda data: b"", lambda data: data[:-1] + b"!", lambda data: data + b"\n"])
def test_a_damaged_file_is_not_used_and_replaced(fake_s3, caplog, damage):
    remote = remote_for(fake_s3)
    data = b"a picture of Pip " * 1000
    digest = sha256(data)
    remote.put_file(digest, data)
    fake_s3.write(f"{PREFIX}/v1/files/{digest}", damage(data))

    assert remote.get_file(digest) is None
    assert remote.counters.damaged == 1 and len(warnings(caplog)) == 1

    assert remote.put_file(digest, data) == len(data)  # replaced, though an object of that name exists
    assert remote.get_file(digest) == data


# -- failures --------------------------------------------------------------------


def test_a_500_is_retried_and_then_answers(fake_s3, caplog):
    remote = remote_for(fake_s3)
    remote.put_entry("d" * 64, ENTRY)
    fake_s3.fail(500, times=ATTEMPTS - 1, method="GET")

    assert remote.get_entry("d" * 64)[0] == ENTRY
    assert fake_s3.count("GET") == ATTEMPTS and remote.alive and not warnings(caplog)


@pytest.mark.parametrize("status", [500, 503, 502])
def test_errors_past_the_retries_turn_the_remote_off_with_one_warning(fake_s3, caplog, status):
    remote = remote_for(fake_s3)
    fake_s3.fail(status)

    assert remote.get_entry("e" * 64) is None
    assert remote.put_file(sha256(b"x"), b"x") == 0
    assert remote.get_file(sha256(b"x")) is None

    assert not remote.alive and fake_s3.count() == ATTEMPTS  # after the first failure nothing more is asked
    assert len(warnings(caplog)) == 1 and "going on with the local cache only" in warnings(caplog)[0]


def test_a_dead_endpoint_turns_the_remote_off_with_one_warning(fake_s3, caplog, monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL", closed_endpoint())
    remote = remote_for(fake_s3)

    assert remote.get_entry("f" * 64) is None and remote.get_entry("g" * 64) is None
    assert remote.put_entry("f" * 64, ENTRY) == 0

    assert not remote.alive and remote.problem.startswith("unreachable (Could not connect to the endpoint URL")
    assert len(warnings(caplog)) == 1


def test_a_remote_that_never_answers_times_out(fake_s3, caplog):
    remote = remote_for(fake_s3, timeout=0.2)
    fake_s3.stall()

    assert remote.get_entry("h" * 64) is None
    assert remote.problem.startswith("unreachable (Read timeout") and len(warnings(caplog)) == 1
    assert fake_s3.count() == ATTEMPTS


def test_refused_reads_are_misses_with_one_warning(fake_s3, caplog):
    remote = remote_for(fake_s3)
    fake_s3.fail(403, method="GET")
    assert remote.get_entry("i" * 64) is None and remote.get_entry("j" * 64) is None
    assert remote.alive and remote.counters.misses == 2
    assert len(warnings(caplog)) == 1 and "s3:ListBucket" in warnings(caplog)[0]


def test_refused_writes_turn_uploads_off_and_reads_go_on(fake_s3, caplog):
    remote = remote_for(fake_s3)
    fake_s3.write(f"{PREFIX}/v1/files/{sha256(b'kept')}", b"kept")
    fake_s3.fail(403, method="PUT")

    assert remote.put_file(sha256(b"new"), b"new") == 0 and remote.put_entry("k" * 64, ENTRY) == 0
    assert remote.get_file(sha256(b"kept")) == b"kept"

    assert remote.alive and not remote.writable and fake_s3.count("PUT") == 1
    assert len(warnings(caplog)) == 1 and "BOOKBUILD_REMOTE_CACHE_MODE=read" in warnings(caplog)[0]


def test_read_mode_never_writes(fake_s3):
    remote = remote_for(fake_s3, mode="read")
    assert remote.put_file(sha256(b"x"), b"x") == 0 and remote.put_entry("l" * 64, ENTRY) == 0
    assert fake_s3.count() == 0 and not fake_s3.objects()


def test_without_credentials_requests_go_unsigned(fake_s3, monkeypatch):
    """A pull request from a fork gets no secrets: it may still read a public-read bucket."""
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    fake_s3.write(f"{PREFIX}/v1/files/{sha256(b'public')}", b"public")
    remote = remote_for(fake_s3, mode="read")
    assert remote.get_file(sha256(b"public")) is None  # a private bucket refuses: a miss, with a warning

    policy = {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{fake_s3.bucket}/*"}]}
    fake_s3.client().put_bucket_policy(Bucket=fake_s3.bucket, Policy=json.dumps(policy))
    assert remote.get_file(sha256(b"public")) == b"public"
    assert fake_s3.unsigned == fake_s3.count() == 2 and remote.alive


def test_cache_stats_counts_what_the_remote_holds(fake_s3):
    remote = remote_for(fake_s3)
    remote.put_entry("m" * 64, ENTRY)
    remote.put_file(sha256(b"12345"), b"12345")
    fake_s3.write("elsewhere/v1/files/x", b"not ours")
    assert remote.usage() == {"tasks": 1, "files": 1, "bytes": len(encode_entry("m" * 64, ENTRY)) + 5}


# -- settings ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, bucket, prefix",
    [("s3://books", "books", ""), ("s3://books/", "books", ""), ("s3://my.books-2/team/ci", "my.books-2", "team/ci"), ("s3://abc//deep/er/", "abc", "deep/er")],
)
def test_urls(url, bucket, prefix):
    assert parse_url(url) == (bucket, prefix)


@pytest.mark.parametrize(
    "url, message",
    [
        ("https://books/x", "is not an S3 URL"),
        ("books/x", "is not an S3 URL"),
        ("s3://", "is not a bucket name"),
        ("s3://Books/x", "is not a bucket name"),
        ("s3://ab/x", "is not a bucket name"),
        ("s3://key:secret@books/x", "must not hold credentials"),
        ("s3://books:9000/x", "must not hold credentials"),
        ("s3://books/x?versionId=1", "is not an S3 URL"),
    ],
)
def test_bad_urls_say_what_to_write(url, message):
    with pytest.raises(ValueError, match=message):
        parse_url(url)


def _project(tmp_path, toml: str = "") -> Project:
    return Project.open(write_files(tmp_path / "repo", {"bookbuild.toml": toml}))


def test_the_setting_and_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("BOOKBUILD_REMOTE_CACHE", raising=False)
    project = _project(tmp_path, '[cache]\nremote = "s3://team-books/cache"\nmode = "read"\ntimeout = 2\n')
    assert configure(project.settings) == RemoteConfig("team-books", "cache", "read", 2.0)

    monkeypatch.setenv("BOOKBUILD_REMOTE_CACHE", "s3://ci-books/main")
    monkeypatch.setenv("BOOKBUILD_REMOTE_CACHE_MODE", "readwrite")
    assert configure(project.settings) == RemoteConfig("ci-books", "main", "readwrite", 2.0)

    monkeypatch.setenv("BOOKBUILD_REMOTE_CACHE", "")  # set but empty: no remote, whatever the file says
    assert configure(project.settings) is None
    assert _project(tmp_path / "plain").cache.remote is None


@pytest.mark.parametrize(
    "toml, message",
    [
        ('[cache]\nremote = "http://books"\n', "bookbuild.toml:2: cache.remote: 'http://books' is not an S3 URL"),
        ('[cache]\nremote = "s3://u:p@books"\n', "bookbuild.toml:2: cache.remote: the URL must not hold credentials"),
        ('[cache]\nmode = "write"\n', "bookbuild.toml:2: cache.mode: 'write' is not allowed (did you mean 'readwrite'? allowed: readwrite, read)"),
        ('[cache]\ntimeout = 0\n', "bookbuild.toml:2: cache.timeout: 0 is not a positive number of seconds"),
        ('[cache]\ntimeout = nan\n', "bookbuild.toml:2: cache.timeout: nan is not a positive number of seconds"),
        ('[cache]\ntimeout = inf\n', "bookbuild.toml:2: cache.timeout: inf is not a positive number of seconds"),
        ('[cache]\nremot = "s3://books"\n', "bookbuild.toml:2: cache.remot: unknown key (did you mean 'remote'?)"),
    ],
)
def test_bad_settings_are_spec_errors(tmp_path, toml, message):
    with pytest.raises(SpecError) as caught:
        _project(tmp_path, toml)
    assert message in caught.value.format_message()


@pytest.mark.parametrize(
    "env, message",
    [
        ({"BOOKBUILD_REMOTE_CACHE": "gs://books"}, "BOOKBUILD_REMOTE_CACHE: 'gs://books' is not an S3 URL"),
        ({"BOOKBUILD_REMOTE_CACHE": "s3://books", "BOOKBUILD_REMOTE_CACHE_MODE": "write-only"}, "BOOKBUILD_REMOTE_CACHE_MODE='write-only': expected one of readwrite, read"),
    ],
)
def test_bad_environment_is_a_usage_error(tmp_path, monkeypatch, env, message):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(UsageError) as caught:
        _project(tmp_path).cache
    assert caught.value.exit_code == 2 and message in caught.value.format_message()
