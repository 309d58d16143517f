"""The Dockerfile: built and a book built in it, where docker works; what it copies
and installs is checked everywhere."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import uuid

import pytest

from helpers import REPO

DOCKERFILE = REPO / "Dockerfile"
PULL_FAILURES = ("failed to resolve source metadata", "pull access denied", "dial tcp", "TLS handshake timeout", "no such host")


def docker_problem() -> str | None:
    """Why docker cannot build here, or None."""
    if shutil.which("docker") is None:
        return "docker is not installed"
    try:
        info = subprocess.run(["docker", "info"], capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        return "`docker info` did not answer within 60 s"
    if info.returncode != 0:
        last = (info.stderr or info.stdout).strip().splitlines()[-1:] or ["no output"]
        return f"the docker daemon does not answer (docker info: {last[0]})"
    return None


def test_the_image_copies_what_exists_and_installs_the_projects_system_packages():
    text = DOCKERFILE.read_text()
    sources = [src for line in re.findall(r"^COPY (.+)$", text, re.M) for src in line.split()[:-1]]
    assert sources and all((REPO / src).exists() for src in sources), sources
    assert "scripts/system-deps.sh" in sources and "/tmp/scripts/system-deps.sh" in text  # one list of packages, not two
    ignore = (REPO / ".dockerignore").read_text().splitlines()
    assert all(f"!{src.rstrip('/')}" in {line.rstrip("/") for line in ignore} for src in sources)


@pytest.mark.skipif(docker_problem() is not None, reason=f"{docker_problem()}: the image is built and smoke-tested where docker works")
def test_the_image_builds_a_book(tmp_path):
    tag = f"bookbuild-test:{uuid.uuid4().hex[:12]}"
    built = subprocess.run(["docker", "build", "-t", tag, str(REPO)], capture_output=True, text=True, timeout=1800)
    if built.returncode != 0 and any(f in built.stderr for f in PULL_FAILURES):
        pytest.skip(f"docker cannot pull the base image here: {built.stderr.strip().splitlines()[-1]}")
    assert built.returncode == 0, built.stderr[-3000:]
    try:
        user = f"{os.getuid()}:{os.getgid()}"
        run = ["docker", "run", "--rm", "-v", f"{tmp_path}:/books", "-u", user, "-e", "SOURCE_DATE_EPOCH=1767225600", tag]
        assert subprocess.run([*run, "new", "books/smoke"], capture_output=True, text=True, timeout=300).returncode == 0
        result = subprocess.run([*run, "build"], capture_output=True, text=True, timeout=900)
        assert result.returncode == 0, result.stdout + result.stderr
        interior = tmp_path / "build/smoke/interior.pdf"
        assert interior.read_bytes().startswith(b"%PDF") and (tmp_path / "build/smoke/cover.pdf").is_file()
        from pypdf import PdfReader

        assert len(PdfReader(interior).pages) >= 24
    finally:
        subprocess.run(["docker", "rmi", "-f", tag], capture_output=True, timeout=300)
