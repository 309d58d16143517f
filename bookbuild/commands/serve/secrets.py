"""Never show a secret: error text goes through redact() before a terminal or the page shows it.

Build errors can quote what a library said, and a library may quote a request.
Values of environment variables whose names mark them as secret are replaced.
"""

from __future__ import annotations

import os
import re

SECRET_NAME = re.compile(r"KEY|SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL", re.IGNORECASE)
SHORTEST = 6  # shorter values ("1", "true") are not secrets worth hiding and would garble text
HIDDEN = "[hidden]"


def secret_values() -> list[str]:
    values = {v for k, v in os.environ.items() if SECRET_NAME.search(k) and len(v) >= SHORTEST}
    return sorted(values, key=len, reverse=True)  # longest first: one secret may contain another


def redact(text: str) -> str:
    for value in secret_values():
        text = text.replace(value, HIDDEN)
    return text
