"""Read-only git plumbing for `bookbuild diff`.

Nothing here changes the user's working tree, index or refs: revisions are
exported with ``git archive`` into a temporary folder (no worktree to register or
prune, nothing left behind if the run is killed), and every command runs with
GIT_OPTIONAL_LOCKS=0 so that not even git's opportunistic index refresh writes.
"""

from __future__ import annotations

import os
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from bookbuild.errors import UsageError

WORKING_TREE = "working tree"


@dataclass(frozen=True)
class Change:
    """One file that differs between the two sides, relative to the book repository."""

    status: str  # "A" added, "D" deleted, "M" modified (renames show as D + A)
    path: str


@dataclass(frozen=True)
class Repo:
    """The git repository holding a book repository (which may be a subfolder of it)."""

    root: Path  # the book repository: where bookbuild.toml is
    toplevel: Path  # the git work tree's top
    prefix: str  # root relative to toplevel, "" when they are the same folder

    @classmethod
    def find(cls, root: Path) -> "Repo":
        out = _git(root, "rev-parse", "--show-toplevel", what=f"{root} is not inside a git repository; `bookbuild diff` compares git revisions (run `git init` and commit first)")
        toplevel = Path(out.strip()).resolve()
        prefix = root.resolve().relative_to(toplevel).as_posix()
        return cls(root.resolve(), toplevel, "" if prefix == "." else prefix)

    def resolve(self, rev: str) -> str:
        """The full commit id of ``rev``; a clear usage error if there is none."""
        hint = "a branch, tag or commit, e.g. main, origin/main, HEAD~1 (in CI, fetch the history: fetch-depth: 0)"
        out = _git(self.root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}", what=f"unknown revision {rev!r}: expected {hint}")
        return out.strip()

    def short(self, sha: str) -> str:
        return _git(self.root, "rev-parse", "--short", sha).strip()

    def subject(self, sha: str) -> str:
        return _git(self.root, "log", "-1", "--format=%s", sha).strip()

    def changes(self, base: str, head: str | None) -> list[Change]:
        """Files of the book repository that differ; head None: the working tree, untracked files included."""
        args = ["diff", "--name-status", "--no-renames", "-z", "--relative", base]
        out = _git(self.root, *args, *([head] if head else []), "--", ".")
        fields = [f for f in out.split("\0") if f]
        changes = [Change(status[0], path) for status, path in zip(fields[::2], fields[1::2])]
        if head is None:  # new files not yet added are part of the working tree's side
            untracked = _git(self.root, "ls-files", "--others", "--exclude-standard", "-z", "--", ".")
            known = {c.path for c in changes}  # a file deleted in the index but back on disk is listed once
            changes += [Change("A", p) for p in untracked.split("\0") if p and p not in known]
        return sorted(changes, key=lambda c: c.path)

    def export(self, sha: str, target: Path) -> Path:
        """Write the book repository as it is at ``sha`` into ``target``; returns its root there."""
        tree = f"{sha}:{self.prefix}" if self.prefix else sha
        target.mkdir(parents=True, exist_ok=True)
        # From the top: run in a subfolder, git archive limits a tree to that folder and refuses one.
        proc = subprocess.Popen(["git", "archive", "--format=tar", tree], cwd=self.toplevel, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env())
        assert proc.stdout is not None
        try:
            with tarfile.open(fileobj=proc.stdout, mode="r|") as archive:
                archive.extractall(target, filter=_inside_only(sha))
        except tarfile.ReadError:
            pass  # git failed before writing anything: its message follows
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        if proc.wait() != 0:
            raise UsageError(f"cannot read {self.prefix or 'the repository'} at {sha[:12]}: {err.strip() or 'git archive failed'}")
        return target


def _inside_only(sha: str):
    """tar's "data" filter, whose refusals (a link out of the repository: a pull request
    may hold one) become one line naming the file and the revision."""

    def check(member: tarfile.TarInfo, dest: str) -> tarfile.TarInfo:
        try:
            return tarfile.data_filter(member, dest)
        except tarfile.FilterError as exc:
            reason = str(exc).replace(repr(member.name), "").strip() or "leads outside the repository"
            raise UsageError(f"{member.name} at {sha[:12]}: {reason}; bookbuild reads only files inside the repository") from None

    return check


def _env() -> dict[str, str]:
    # No optional index refresh; no pager or prompt; messages in a stable language.
    return {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}


def _git(cwd: Path, *args: str, what: str | None = None) -> str:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, env=_env())
    except FileNotFoundError:
        raise UsageError("git is not installed or not on PATH; `bookbuild diff` needs it") from None
    if proc.returncode != 0:
        detail = proc.stderr.decode(errors="replace").strip()
        raise UsageError(what or f"git {args[0]} failed: {detail}")
    return proc.stdout.decode("utf-8", errors="surrogateescape")
