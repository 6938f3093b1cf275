"""/mydata as a message people can read: who you are, your groups, your answers, what you wrote.

The same data goes in the JSON file sent after it (bot/privacy.py), for people who want to keep
it or take it elsewhere. Times there are UTC; here they are local, in the programme's style.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from bot.storage.times import from_db
from bot.texts import clip, esc
from bot.texts.dates import clock, day_date

FILE_NAME = "Peer Circle — your data.json"
CAPTION = (
    "📄 The same, as a file. You can keep it, or give it to another service. "
    "You don't need to open it."
)
SHOWN = 8  # lines of each kind in the message; the file has them all
ANSWER_WORDS = {"yes": "Going", "maybe": "Maybe", "no": "Can't come"}
ROLE_WORDS = {"peer": "a peer", "psf": "a facilitator"}
RATING_WORDS = {"helpful": "helpful", "ok": "OK", "not_for_me": "not for you"}


def _day(stamp: str | None, tz: ZoneInfo, today: date) -> str:
    if not stamp:
        return "an unknown day"
    return day_date(from_db(stamp).astimezone(tz).date(), today=today)


def _when(stamp: str | None, tz: ZoneInfo, today: date) -> str:
    if not stamp:
        return "an unknown day"
    local = from_db(stamp).astimezone(tz)
    return f"{day_date(local.date(), today=today)} at {clock(local.time())}"


def _some(lines: Sequence[str]) -> list[str]:
    shown = [f"• {line}" for line in lines[:SHOWN]]
    if len(lines) > SHOWN:
        shown.append(f"• …and {len(lines) - SHOWN} more, all in the file below.")
    return shown


def _said(text: str | None) -> str:
    return f"“{esc(clip(text, 200))}”" if text else "(nothing)"


def readable(data: Mapping[str, Any], tz: ZoneInfo, today: date) -> str:
    """The person's data in sentences, kept under Telegram's 4,096 characters."""
    you = data["you"]
    lines = ["<b>What Peer Circle keeps about you</b>", ""]
    lines.append(f"Your name here is <b>{esc(you['name'] or 'not kept')}</b>.")
    consent = you.get("agreed_to_privacy_notice") or {}
    if consent.get("at"):
        lines.append(f"You agreed to the privacy notice on {_day(consent['at'], tz, today)}.")
    paused = you.get("messages_paused_since")
    lines.append(
        f"Your messages are paused since {_day(paused, tz, today)}."
        if paused
        else "Your messages are on."
    )
    groups = [
        f"You are {ROLE_WORDS.get(g['role'], g['role'])} in {esc(g['group'] or 'a group')}, "
        f"since {_day(g['joined'], tz, today)}."
        for g in data.get("groups", [])
    ]
    groups += [
        f"You are the {'backup ' if n['backup'] else ''}nurse for {esc(n['area'] or 'an area')}."
        for n in data.get("nurse_roles", [])
    ]
    lines += ["", "<b>Your groups</b>", *(_some(groups) or ["• None at the moment."])]
    answers = [
        f"{_when(a['meeting'], tz, today)}, {esc(a['place'] or '')}: you said "
        f"{ANSWER_WORDS.get(a['answer'], a['answer'])}."
        for a in data.get("meeting_answers", [])
    ]
    checkins = data.get("checkins", {})
    came = [a for a in checkins.get("attendance", []) if a["came"]]
    answers += [f"You were ticked as there on {_day(a['meeting'], tz, today)}." for a in came]
    answers += [
        f"You said the meeting on {_day(f['meeting'], tz, today)} was "
        f"{RATING_WORDS.get(f['how_was_it'], f['how_was_it'])}."
        for f in checkins.get("feedback", [])
    ]
    lines += ["", "<b>Your answers</b>", *(_some(answers) or ["• None yet."])]
    wrote = [
        f"A topic idea on {_day(s['at'], tz, today)}: {_said(s['text'])}"
        for s in data.get("topic_suggestions", [])
    ]
    for c in checkins.get("checkins", []):
        words = [w for w in (c.get("worked_well"), c.get("worked_less_well")) if w]
        wrote.append(
            f"Your check-in for {_day(c['meeting'], tz, today)}: "
            + (" / ".join(_said(w) for w in words) if words else "no words written.")
        )
    concerns = data.get("concerns", {})
    wrote += [
        f"A message to the nurse on {_day(c['raised'], tz, today)}: {_said(c['what_you_wrote'])}"
        for c in concerns.get("raised", [])
    ]
    wrote += [
        f"In a thread on {_day(m['at'], tz, today)}: {_said(m['text'])}"
        for m in concerns.get("messages", [])
    ]
    lines += ["", "<b>What you wrote</b>", *(_some(wrote) or ["• Nothing yet."])]
    note = data.get("research_exports")
    if isinstance(note, str) and note:
        lines += ["", esc(note)]
    return clip("\n".join(lines), 4000)
