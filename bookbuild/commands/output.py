"""Machine-readable output: with `--format json` stdout is exactly one JSON document,
whatever happens: findings and totals when the command ran, the error (and every
spec problem, located) when it could not."""

from __future__ import annotations

from typing import Any, Sequence

import click

JSON_COMMANDS = ("build", "validate", "plan", "preflight")  # the commands with --format json


def wants_json(args: Sequence[str]) -> bool:
    """Whether the raw command line asks one of JSON_COMMANDS for --format json."""
    command = next((a for a in args if a in JSON_COMMANDS), None)
    if command is None:
        return False
    rest = list(args[list(args).index(command) + 1 :])
    for i, arg in enumerate(rest):
        if arg == "--":
            break
        if arg == "--format" and i + 1 < len(rest):
            return rest[i + 1] == "json"
        if arg == "--format=json":
            return True
    return False


def error_document(exc: click.ClickException) -> dict[str, Any]:
    """{"error": {message, exit_code, problems: [{file, line, key, message, hint}]}, "findings": []}"""
    problems = [
        {"file": p.path, "line": p.line, "key": p.key, "message": p.message, "hint": p.hint}
        for p in getattr(exc, "problems", ())
    ]
    return {"error": {"message": exc.format_message(), "exit_code": exc.exit_code, "problems": problems}, "books": [], "findings": []}
