"""The one exception preflight raises: a file it cannot read as a PDF."""

from __future__ import annotations


class UnreadablePdf(Exception):
    """Not a PDF, empty, truncated, damaged or password-protected.

    The message names the file, says what is wrong and what to do; the CLI
    prints it as ``Error: ...`` and exits 2. A PDF that is encrypted but opens
    without a password is *not* unreadable: it gets an ``encrypted`` error
    finding and every other check still runs.
    """
