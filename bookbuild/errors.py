"""The error tree. Each class maps to an exit code of INTERFACE.md; click prints
``Error: <message>`` for them, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass

import click


def warn(message: str) -> None:
    """Something a user should know that does not stop the command: one line on stderr,
    whatever the logging set-up (a damaged cache index set aside, a build waiting its turn)."""
    click.echo(f"warning: {message}", err=True)


class BookbuildError(click.ClickException):
    """Base of every error bookbuild reports to a user (exit 1)."""

    exit_code = 1


class UsageError(BookbuildError):
    """Wrong arguments, unreadable input files (exit 2)."""

    exit_code = 2


@dataclass
class SpecProblem:
    """One mistake in a spec file, located precisely enough to fix without guessing."""

    path: str  # shown relative to the repository
    line: int | None
    key: str | None  # dotted key path, e.g. "characters[0].visual"
    message: str
    hint: str | None = None  # "did you mean 'trim'?" or what is allowed

    def __str__(self) -> str:
        where = self.path + (f":{self.line}" if self.line else "")
        key = f" {self.key}:" if self.key else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}:{key} {self.message}{hint}"


class SpecError(BookbuildError):
    """One or more spec problems, all reported at once (exit 2)."""

    exit_code = 2

    def __init__(self, problems: list[SpecProblem]):
        self.problems = problems
        noun = "problem" if len(problems) == 1 else "problems"
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{len(problems)} spec {noun}:\n{lines}")


class BuildError(BookbuildError):
    """A task failed (exit 1)."""


class PluginError(BuildError):
    """A plugin raised while running a task; names both."""

    def __init__(self, plugin: str, task: str, cause: BaseException | str):
        self.plugin, self.task, self.cause = plugin, task, cause
        super().__init__(f"task {task} (plugin {plugin}) failed: {cause}")


class ProviderError(BuildError):
    """A generation service failed: network, rate limit, bad key, budget.

    ``fatal``: no later request can succeed either (the account is out of credit, the
    key was refused): the build starts no further paid task and says why."""

    def __init__(self, message: str, fatal: bool = False):
        super().__init__(message)
        self.fatal = fatal


class BudgetExceeded(ProviderError):
    """A paid call was not started: it could pass a cap of the budget."""


class ValidationFailed(BookbuildError):
    """Validators reported errors (exit 1); the findings were already printed."""
