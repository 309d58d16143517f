"""The `bookbuild` command's entry point. A build with nothing to do is answered
from its stamp (bookbuild.engine.noop) before click, the plugins or anything heavy
is imported; every other command line goes to bookbuild.cli."""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any


class Launcher:
    """Callable like a click command (``main(args, prog_name)``), so the test suite's
    in-process runner takes the same path as the installed command."""

    name = "bookbuild"

    def main(self, args: list[str] | None = None, prog_name: str | None = None, **extra: Any) -> Any:
        from bookbuild.engine.noop import answer

        args = list(sys.argv[1:] if args is None else args)
        found = answer(args)
        if found is not None:
            code, text = found
            try:
                sys.stdout.write(text)
                sys.stdout.flush()
            except BrokenPipeError:  # `bookbuild build | head -1`, as bookbuild.cli.main answers it
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                sys.exit(141)
            sys.exit(code)
        if _builds(args):
            from bookbuild.engine.workers import prestart

            prestart()  # WeasyPrint loads in the workers' fork server while click and the plugins load here
        from bookbuild import cli

        if prog_name is None and not extra:
            return cli.main(args)
        return cli.cli.main(args=args, prog_name=prog_name, **extra)


def _builds(args: list[str]) -> bool:
    """A build that may run tasks in worker processes (not its help, not one job at a time)."""
    from bookbuild.engine.noop import split_args

    _, rest = split_args(args)
    if not rest or rest[0] != "build" or any(a in ("-h", "--help") for a in rest):
        return False
    one_job = "-j1" in rest or "--jobs=1" in rest or any(a in ("-j", "--jobs") and b == "1" for a, b in zip(rest, rest[1:]))
    return not one_job and os.environ.get("BOOKBUILD_JOBS", "").strip() != "1"


def main() -> None:
    """The installed command (and `python -m bookbuild`)."""
    try:
        Launcher().main()
    except SystemExit as exc:
        leave(exc.code)
    leave(0)


def leave(code: Any) -> None:
    """End the process as the interpreter would, without its teardown.

    Python's last step, clearing every module and collecting what they held,
    costs a build 0.1-0.2 s after its work is done (openai, pydantic, WeasyPrint
    and numpy make a big heap) and frees nothing the system would not. Everything
    that makes an exit correct still runs, in the interpreter's own order: other
    threads are waited for, exit handlers run (the fork server's stop, logging's
    flush, temporary folders' clean-up), and the output is flushed. ``code`` is
    SystemExit's: None, a status, or a message for stderr and status 1.
    """
    import atexit
    import threading

    wait_for_threads = getattr(threading, "_shutdown", None)
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if wait_for_threads is None or run_exit_handlers is None:  # not CPython as we know it
        sys.exit(code)
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        print(code, file=sys.stderr)
        status = 1
    wait_for_threads()
    run_exit_handlers()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that left, or a stream already closed
            pass
    os._exit(status & 0xFF)
