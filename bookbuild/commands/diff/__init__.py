"""`bookbuild diff`: what a change between two git revisions does to the printed books.

git.py exports revisions read-only; sides.py builds each side with the shared
cache; match.py aligns pages by what is printed on them; pixels.py finds the
changed regions; compare.py puts one book's differences together; report.py and
html.py write report.md and report.html. run.py runs it all in that order.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .run import DiffOptions, run_diff

__all__ = ["DiffOptions", "run_diff"]


def __getattr__(name: str) -> Any:
    """Loaded when the command runs: the CLI imports diff.command for every command
    (`bookbuild build` too), and the rest of diff is ~50 ms of imports none of them need."""
    if name in __all__:
        from . import run

        return getattr(run, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
