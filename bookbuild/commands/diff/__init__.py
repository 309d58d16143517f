"""`bookbuild diff`: what a change between two git revisions does to the printed books.

git.py exports revisions read-only; sides.py builds each side with the shared
cache; match.py aligns pages by what is printed on them; pixels.py finds the
changed regions; compare.py puts one book's differences together; report.py and
html.py write report.md and report.html. run.py runs it all in that order.
"""

from .run import DiffOptions, run_diff

__all__ = ["DiffOptions", "run_diff"]
