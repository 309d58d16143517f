"""The `bookbuild` command's entry point. A build with nothing to do is answered
from its stamp (bookbuild.engine.noop) before click, the plugins or anything heavy
is imported; every other command line goes to bookbuild.cli."""

from __future__ import annotations

import os
import sys
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
        from bookbuild import cli

        if prog_name is None and not extra:
            return cli.main(args)
        return cli.cli.main(args=args, prog_name=prog_name, **extra)


def main() -> None:
    Launcher().main()
