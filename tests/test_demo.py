"""The demo a trainer runs: the guided tour plays through the real bot, start to finish."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_guided_tour_plays_through() -> None:
    """`make tour` shows a week of a group: answers, check-in, a concern, the nurse, /mydata."""
    done = subprocess.run(
        [sys.executable, "-m", "bot", "demo", "--script", "bot/demo_tour.txt"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    out = done.stdout
    assert done.returncode == 0, done.stderr[-2000:]
    for expected in (
        "Who's coming",
        "Check-in 1 of 5 · Who came?",
        "How was today's meeting for you?",
        "This will reach Helen on Monday 14 December at 9:00.",
        "Concern from Jean Parker",
        "Helen has seen your message",
        "Helen, the nurse, writes",
        "call 999",
        "What Peer Circle keeps about you",
        "You are a peer in Lavenham Circle",
        "you said Going.",
        "Peer Circle — your data.json",
        "I've noted that you can't come",
        "Samaritans on",
        "Session ideas for feet",
    ):
        assert expected in out, f"the tour no longer shows: {expected}"
    assert "Traceback" not in out + done.stderr
    assert "Sorry, something went wrong" not in out
    assert "didn't understand" not in out  # every step of the tour is a real action


def test_demo_reads_commands_from_standard_input() -> None:
    """Piped input works like a script: skip, switch person, bad input, all answered."""
    done = subprocess.run(
        [sys.executable, "-m", "bot", "demo"],
        cwd=ROOT,
        input="skip to nowhere\nas nobody\nas frank\ntap link\n1\nsticker\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "try: skip 2 days" in done.stdout
    assert "Nobody called 'nobody'" in done.stdout
    assert "Welcome to Lavenham Circle, Frank!" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr
