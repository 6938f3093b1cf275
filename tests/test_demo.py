"""The demo a trainer runs: the guided tour plays through the real bot, start to finish."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_guided_tour_plays_through() -> None:
    """`make tour` shows a week of a group: answers, check-in, a concern, the nurse, /mydata,
    and the group's ending: the decision, the goodbye and the thank-you to peers."""
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
        "I've noted that you can't come",
        "Samaritans on",
        "Session ideas for feet",
        "What Peer Circle keeps about you",
        "You are a peer in Lavenham Circle",
        "you said Going.",
        "Peer Circle — your data.json",
        "will end after its last planned meeting",
        "Make it a goodbye",
        "Thank you for being part of Lavenham Circle",
        "0345 123 2399",
        "Thank you for telling us",
    ):
        assert expected in out, f"the tour no longer shows: {expected}"
    assert "Traceback" not in out + done.stderr
    assert "Sorry, something went wrong" not in out
    assert "didn't understand" not in out  # every step of the tour is a real action


PIPED = "skip to nowhere\nas nobody\nas frank\ntap link\n1\nsticker\nas jean\nwho is coming\n"


def test_demo_reads_commands_from_standard_input() -> None:
    """Piped input works like a script: skip, switch person, bad input, all answered."""
    done = subprocess.run(
        [sys.executable, "-m", "bot", "demo"],
        cwd=ROOT,
        input=PIPED,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "try: skip 2 days" in done.stdout
    assert "Nobody called 'nobody'" in done.stdout
    assert "Welcome to Lavenham Circle, Frank!" in done.stdout
    assert "No answer yet" in done.stdout  # "who is coming" is Jean talking, not the who command
    assert "Traceback" not in done.stdout + done.stderr


def test_a_long_skip_delivers_each_thing_at_its_own_time() -> None:
    """`skip 7 days` shows the check-in at 13:30 on the day, not a week later; nothing from
    before the demo began arrives at the start; a far-away date shows its year."""
    done = subprocess.run(
        [sys.executable, "-m", "bot", "demo", "--no-echo"],
        cwd=ROOT,
        input="skip 7 days\nskip 5000 days\n",
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    out = done.stdout
    assert done.returncode == 0, done.stderr[-2000:]
    lines = out.splitlines()
    checkin = next(i for i, line in enumerate(lines) if "Check-in time" in line)
    stamp = next(line for line in reversed(lines[:checkin]) if line.startswith("["))
    assert stamp.startswith("[Mon 07 Dec 13:30] Peer Circle"), stamp  # when it fell due
    assert "It is now Monday 14 December, 09:30." in out
    assert re.search(r"It is now \w+ \d+ \w+ 2040, \d\d:\d\d\.", out)
    before = out.split("skip 7 days")[0] if "skip 7 days" in out else out.split("It is now")[0]
    assert "Reminder" not in before  # nothing that fell due before the demo began
    assert "Traceback" not in out + done.stderr
