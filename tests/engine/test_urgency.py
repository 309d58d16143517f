"""Request slots go to the most urgent waiting request: one every other waits on first, then
the longest chain of tasks, then the most requests left in its task, then the first come."""

from __future__ import annotations

import threading
from contextlib import nullcontext

from bookbuild.engine.urgency import Slots, blocking, current, requests_left, task_chain
from helpers import wait_until


def served(waiters: list[tuple]) -> list[str]:
    """The order one busy slot serves ``waiters`` (name, chain, left[, blocking]) that line
    up one after another while it is held."""
    slots = Slots(1)
    order: list[str] = []

    def ask(name: str, chain: int, left: int, block: bool = False) -> None:
        with task_chain(chain), requests_left(left), (blocking() if block else nullcontext()), slots.take():
            order.append(name)

    threads = []
    with slots.take():  # the one slot is busy while every waiter lines up, one after another
        for number, waiter in enumerate(waiters, 1):
            threads.append(threading.Thread(target=ask, args=waiter))
            threads[-1].start()
            assert wait_until(lambda: len(slots._waiting) == number)
    for thread in threads:
        thread.join(timeout=10)
    return order


def test_a_freed_slot_goes_to_the_most_urgent_waiter():
    waiters = [("page check", 3, 1), ("page prompt", 3, 3), ("cover prompt", 5, 3), ("second page prompt", 3, 3), ("page drawing", 3, 2)]

    assert served(waiters) == ["cover prompt", "page prompt", "second page prompt", "page drawing", "page check"]


def test_never_more_than_size_hold_a_slot():
    slots = Slots(3)
    holding, most = [0], [0]
    lock = threading.Lock()
    release = threading.Event()

    def ask(left: int) -> None:
        with requests_left(left), slots.take():
            with lock:
                holding[0] += 1
                most[0] = max(most[0], holding[0])
            release.wait(10)
            with lock:
                holding[0] -= 1

    threads = [threading.Thread(target=ask, args=(n % 3 + 1,)) for n in range(8)]
    for thread in threads:
        thread.start()
    assert wait_until(lambda: holding[0] == 3 and len(slots._waiting) == 5)
    release.set()
    for thread in threads:
        thread.join(timeout=10)
    assert most[0] == 3 and holding[0] == 0 and not slots._waiting


def test_urgency_is_per_context_and_restored():
    assert current() == (0, 1)
    with task_chain(4), requests_left(3):
        assert current() == (4, 3)
        with requests_left(1):
            assert current() == (4, 1)
        assert current() == (4, 3)
    assert current() == (0, 1)


def test_a_request_others_wait_on_goes_before_every_chain():
    waiters = [("story", 8, 2), ("first edit", 3, 2, True), ("cover prompt", 5, 3)]

    assert served(waiters) == ["first edit", "story", "cover prompt"]


def test_a_smaller_limit_holds_new_requests_until_enough_in_flight_have_ended():
    slots = Slots(3)
    holding = [0]
    lock = threading.Lock()
    releases = [threading.Event() for _ in range(5)]

    def ask(number: int) -> None:
        with slots.take():
            with lock:
                holding[0] += 1
            releases[number].wait(10)
            with lock:
                holding[0] -= 1

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(5)]
    for thread in threads[:3]:
        thread.start()
    assert wait_until(lambda: holding[0] == 3)
    slots.resize(1)  # this run's --requests 1, while three are in flight
    for thread in threads[3:]:
        thread.start()
    assert wait_until(lambda: len(slots._waiting) == 2)
    releases[0].set()
    releases[1].set()
    assert wait_until(lambda: holding[0] == 1)
    assert len(slots._waiting) == 2  # one still in flight: the limit of one is reached
    releases[2].set()
    assert wait_until(lambda: holding[0] == 1 and len(slots._waiting) == 1)  # one of the waiters, alone
    slots.resize(4)  # the limit raised again: the last waiter goes at once
    assert wait_until(lambda: holding[0] == 2 and not slots._waiting)
    for event in releases:
        event.set()
    for thread in threads:
        thread.join(timeout=10)
    assert holding[0] == 0 and slots._free == 4
