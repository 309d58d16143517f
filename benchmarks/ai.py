"""A 32-page AI picture book against the fake OpenAI server (every request 300 ms),
against the packed ideal: latency x ceil(requests / requests in flight), every
request slot busy from the first request to the last and nothing else taking time."""

from __future__ import annotations

import math
from pathlib import Path

from process import row

import openai_fake

LATENCY = 0.3
CONCURRENCY = 4


def rows(workdir: Path) -> list[dict]:
    from fakes.openai_server import FakeOpenAI

    root = workdir / "ai"
    with FakeOpenAI() as fake:
        openai_fake.make_repo(root, CONCURRENCY, 0)  # jobs 0: one per core, as a user gets it
        fake.latency = LATENCY
        wall = openai_fake.build(root, fake)
        requests = fake.count()
    ideal = LATENCY * math.ceil(requests / CONCURRENCY)
    scenario = f"AI picture book, 32 pages, fake API {LATENCY * 1000:.0f} ms/request, {CONCURRENCY} in flight"
    return [row(scenario, f"{wall:.2f} s", f"{ideal:.2f} s ({requests} requests)", wall / ideal, "<= 1.15x")]
