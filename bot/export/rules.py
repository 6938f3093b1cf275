"""The research export: what the study asked PSFs to report, as pseudonymous tables.

`research_export(repos, now=…)` returns one table per CSV file (see TABLES, which is also the
documentation written to README.txt, so the two can't drift apart). People, groups, areas,
meetings and concerns appear only as pseudonymous ids made from internal row numbers ("P12",
"G3", "A1", "M40", "C7"). Nothing here reads names, Telegram ids, venue addresses, what was
written in a concern or its replies, or the words of topic suggestions (bot/export/repo.py
selects none of them). The one free text is each PSF's own "what worked well / less well",
which the research asked for; names, places, phone numbers and e-mail addresses the bot can
recognise are taken out of it. People who asked to be forgotten are in the numbers only.

Dates and times are local to each group's area. `since` / `until` (local dates, inclusive)
limit meetings (and what hangs off them), concerns and suggestions; the groups table always
describes every group as it is now.
"""

from __future__ import annotations

import re
import textwrap
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.checkins import rules as checkin_rules
from bot.checkins.records import CheckinState, Obstacle
from bot.checkins.rules import CheckinTimes
from bot.concerns import rules as concern_rules
from bot.config import Settings
from bot.csvfiles import safe_cell
from bot.export import texts
from bot.export.records import CheckinFacts, MeetingFacts, Stint
from bot.meetings import rules as meeting_rules
from bot.models import Meeting, MeetingStatus, Person
from bot.office_hours import OfficeHours
from bot.storage import Repos
from bot.storage.times import to_db

Row = dict[str, object]

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Column:
    name: str
    meaning: str


@dataclass(frozen=True)
class Table:
    name: str  # the CSV file is <name>.csv
    about: str  # what one row is
    columns: tuple[Column, ...]

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


def _cols(*pairs: tuple[str, str]) -> tuple[Column, ...]:
    return tuple(Column(name, meaning) for name, meaning in pairs)


_MEETING = ("meeting", "The meeting: M<number> (as in meetings.csv).")
_GROUP = ("group", "The group: G<number> (as in groups.csv).")
_DATE = ("date", "The meeting's date (YYYY-MM-DD, local).")

# The one description of every file and column: README.txt is written from it, and the tests
# check that every row has exactly these columns, in this order.
TABLES: tuple[Table, ...] = (
    Table(
        "groups",
        "One row per group, as it stands at the time of the export (whatever the dates asked for).",
        _cols(
            ("group", "The group's pseudonymous id: G<number>."),
            ("area", "Its area (a cluster of villages with one nurse): A<number>."),
            (
                "status",
                "Where the group is in its life: forming (no meeting yet), running, extended "
                "(carrying on for up to 6 more months with an open agenda), ending (its PSFs "
                "decided to end it after its last planned meeting) or ended.",
            ),
            (
                "decision",
                "What the PSFs decided around session 5: extend or end; blank if not yet.",
            ),
            (
                "archived",
                "Date the group was archived (read-only, a week after its last meeting); "
                "blank if not.",
            ),
            ("peers", "Peers in the group now."),
            ("psfs", "Peer support facilitators (PSFs) in the group now."),
            (
                "peers_without_telegram",
                "Of those peers, how many are on the list without Telegram.",
            ),
            (
                "peers_left",
                "Peers who have left the group (including any who asked to be forgotten).",
            ),
            ("meetings_planned", "Meetings planned, past or to come, not counting cancelled ones."),
            ("meetings_cancelled", "Meetings that were cancelled."),
            ("first_meeting", "Date of the group's first meeting (not cancelled); blank if none."),
            ("last_meeting", "Date of its last planned meeting (may be in the future)."),
        ),
    ),
    Table(
        "meetings",
        "One row per meeting (planned, past or cancelled) whose date is in the range.",
        _cols(
            ("meeting", "The meeting's pseudonymous id: M<number>."),
            _GROUP,
            (
                "session",
                "Session number within the group (1 = its first meeting, counting "
                "meetings not cancelled); blank for a cancelled meeting.",
            ),
            _DATE,
            ("weekday", "Monday … Sunday."),
            ("start", "Start time (HH:MM, local)."),
            ("minutes", "Planned length in minutes."),
            (
                "status",
                "past (it has started), upcoming, or cancelled. Whether the group "
                "actually met is in attendance.csv.",
            ),
            (
                "topic_suggested",
                "What the bot suggested to the PSFs: session:<key> (a session "
                "of the suggested curriculum) or topic:<key> (a library topic); blank if no "
                "suggestion was made yet. Keys are those of content/*.yaml.",
            ),
            (
                "topic_chosen",
                "What a PSF chose for the meeting (same form); blank if they didn't choose.",
            ),
            ("topic_title", "Title of the chosen theme or topic, as members saw it."),
            ("icebreaker", "Key of the icebreaker suggested (or the one a PSF switched to)."),
            (
                "going",
                "Peers who answered Going (peers in the group when the meeting started; "
                "PSFs are not counted).",
            ),
            ("maybe", "Peers who answered Maybe."),
            ("cant", "Peers who answered Can't come."),
            ("no_answer", "Peers who gave no answer (includes peers without Telegram)."),
            ("reminders_sent", "Meeting reminders the bot sent to members."),
            ("nudges_sent", "'Will you come?' nudges a PSF asked the bot to send."),
        ),
    ),
    Table(
        "attendance",
        "One row per meeting in the range that has started (not cancelled): who came, as the "
        "PSFs recorded it in their check-in. PSFs themselves are not counted.",
        _cols(
            _MEETING,
            _GROUP,
            _DATE,
            ("recorded", "yes if a PSF confirmed who came (or that the group didn't meet)."),
            ("met", "yes / no; blank if not recorded."),
            (
                "not_met_reason",
                "Why the group didn't meet: nobody (nobody came), venue (not "
                "available), psf (a facilitator couldn't come), weather (weather or travel), "
                "other.",
            ),
            (
                "present_peers",
                "Peers on the group's list ticked as present (this and the "
                "next four are blank if not recorded).",
            ),
            ("present_without_telegram", "Of those, how many have no Telegram."),
            (
                "extra_without_telegram",
                "People who came without Telegram and are not on the "
                "list (counted with the ➖ ➕ buttons).",
            ),
            ("newcomers", "People who came for the first time, not on the list."),
            ("total", "Everyone who came: present_peers + extra_without_telegram + newcomers."),
            (
                "going_absent",
                "Peers who answered Going but were not ticked as present (blank "
                "unless the group met and it was recorded).",
            ),
        ),
    ),
    Table(
        "checkins",
        "One row per PSF per meeting in the range that has started (not cancelled): their "
        "one-minute check-in afterwards. PSFs who were in the group when the meeting started "
        "have a row even if they never checked in.",
        _cols(
            _MEETING,
            _GROUP,
            (
                "psf",
                "The PSF: P<number>; blank for a PSF who has since asked to be forgotten "
                "(their faces and ticks stay, their words are gone).",
            ),
            (
                "state",
                "complete; missing (not finished by the next-morning reminder time); "
                "in progress; waiting (asked, nothing answered yet); not due (not asked yet).",
            ),
            ("completed", "When they finished (YYYY-MM-DD HH:MM, local); blank if not."),
            ("minutes_after_end", "Minutes from the meeting's planned end to finishing."),
            (
                "face",
                "How it went: 5 very well, 4 well, 3 all right, 2 not so well, 1 badly; "
                "blank if not answered (or the group didn't meet).",
            ),
            (
                "obstacles",
                "What got in the way, keys separated by ';': turnout (few people "
                "came), dominated (someone dominated), wandered (the discussion wandered), medical "
                "(peers wanted medical advice), venue, cofac (a problem between facilitators), "
                "upsetting (an upsetting personal story), other. 'none' = nothing got in the way; "
                "blank = not answered.",
            ),
            (
                "went_well",
                "What worked well, in the PSF's own words; blank if skipped or not "
                "answered. Names the bot knows are replaced by [name], places by [place], phone "
                "numbers by [number], e-mail addresses by [email].",
            ),
            ("less_well", "What worked less well, likewise."),
            (
                "asked_nurse",
                "yes if the PSF asked for the nurse to get in touch, no if not; "
                "blank if not answered.",
            ),
        ),
    ),
    Table(
        "peer_feedback",
        "One row per meeting in the range that has started (not cancelled): peers' one-tap "
        "'How was today?'. Counts only; nobody's answer is shown on its own.",
        _cols(
            _MEETING,
            _GROUP,
            _DATE,
            ("asked", "Peers the question was sent to (those ticked as present, with Telegram)."),
            ("helpful", "Answered 'Helpful'."),
            ("ok", "Answered 'OK'."),
            ("not_for_me", "Answered 'Not for me'."),
        ),
    ),
    Table(
        "concerns",
        "One row per concern a PSF raised for the nurse, raised on a date in the range. What "
        "was written (the concern, replies, the outcome) is never exported: it is about "
        "people's health. 'Office' minutes count only the nurses' office hours (the area's "
        "working days and hours, less bank holidays and closures); 'clock' minutes count all "
        "the time.",
        _cols(
            ("concern", "The concern's pseudonymous id: C<number>."),
            _GROUP,
            ("area", "The area whose nurses handle it: A<number>."),
            (
                "category",
                "What it was about: peer (a peer's health or wellbeing), group (the "
                "group or a session), safe (safeguarding), me (the PSF themselves), admin, other.",
            ),
            (
                "urgent",
                "yes if the PSF said someone needed urgent help (they were given the "
                "emergency numbers at once).",
            ),
            ("from_checkin", "yes if it came from the check-in's 'ask the nurse' question."),
            ("state", "queued (not yet with a nurse), delivered, acknowledged, or resolved."),
            ("raised", "When it was raised (YYYY-MM-DD HH:MM, local)."),
            ("raised_in_office_hours", "yes if the office was open at that moment."),
            ("delivered_office_minutes", "From raised to reaching a nurse, in office minutes."),
            ("delivered_clock_minutes", "The same in clock minutes."),
            (
                "acknowledged_office_minutes",
                "From raised to a nurse acknowledging it (or "
                "replying, which counts as seeing it), in office minutes; blank if not yet.",
            ),
            ("acknowledged_clock_minutes", "The same in clock minutes."),
            ("resolved_office_minutes", "From raised to resolved, in office minutes."),
            ("resolved_clock_minutes", "The same in clock minutes."),
            ("reminders", "Reminders the bot sent a nurse who hadn't acknowledged it."),
            ("escalated", "yes if it was also sent to the backup nurse."),
            ("replies", "Messages from the nurse to the PSF."),
            ("answers", "Messages from the PSF back to the nurse."),
        ),
    ),
    Table(
        "suggestions",
        "One row per group and month with topic suggestions from members, made on a date in "
        "the range. Counts only: the suggestions' words are not exported.",
        _cols(
            _GROUP,
            ("month", "YYYY-MM (local)."),
            (
                "suggestions",
                "Topics suggested that month (including any by people since "
                "forgotten, whose words were erased).",
            ),
            ("after_meeting", "Of those, how many came from the question after a meeting."),
        ),
    ),
    Table(
        "group_events",
        "One row per step in a group's life and in sharing its tasks, on a date in the range, "
        "oldest first. Answers are one-tap choices; nothing typed is exported except the "
        "labels of tasks (names and places the bot knows are taken out).",
        _cols(
            ("event", "The step's id: E<number>."),
            _GROUP,
            ("meeting", "The meeting it is about: M<number>; blank for a step about the group."),
            (
                "person",
                "Who took the step: P<number>; blank for the bot's own steps and for "
                "people who have since asked to be forgotten.",
            ),
            ("role", "psf, peer, or system (the bot)."),
            (
                "kind",
                "stage (the group moved to a new stage: value); decision (a PSF decided around "
                "session 5: extend / end); would_come (a peer answered 'if the group carried "
                "on, would you come?': yes / maybe / no); goodbye (a PSF made the last "
                "meeting a goodbye); how_was_it (a peer's optional answer after the group "
                "ended: helped / ok / not_for_me); stay_answer (a peer who missed meetings "
                "in a row answered: stay / pause / leave); archived (the group became "
                "read-only); claim / unclaim (a PSF took or gave back a task: value = the "
                "task); cant_make_it (a PSF said they can't come: value = how many of their "
                "tasks went back); can_make_it (they can after all).",
            ),
            ("value", "The answer, the new stage or the task, as described under kind."),
            ("date", "When (YYYY-MM-DD, local)."),
            ("time", "When (HH:MM, local)."),
        ),
    ),
)
TABLE_NAMES = tuple(table.name for table in TABLES)


# --- pseudonymous ids ---------------------------------------------------------------------------


def person_ref(person_id: int | None) -> str:
    return "" if person_id is None else f"P{person_id}"


def group_ref(group_id: int) -> str:
    return f"G{group_id}"


def area_ref(area_id: int) -> str:
    return f"A{area_id}"


def meeting_ref(meeting_id: int) -> str:
    return f"M{meeting_id}"


def concern_ref(concern_id: int) -> str:
    return f"C{concern_id}"


# --- taking names out of free text ------------------------------------------------------------

# Name parts that are also everyday words are only taken out when written with a capital.
_EVERYDAY_WORDS = """
    will may mark joy hope grace rose dawn faith bill pat sue rich june april august art ray
    frank guy iris ivy lily max miles penny robin sandy violet holly hazel heather ruby amber
    pearl daisy carol sunny star king young long little white black green brown bell hall wood
    hill field church street road lane house mill well park de la le van von da di du st
    of the and"""
_EVERYDAY = frozenset(_EVERYDAY_WORDS.split())
_PHONE = re.compile(r"(?<!\w)\+?\d[\d ()-]{7,}\d(?!\w)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


_WORD = re.compile(r"\w+")


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


class _Phrases:
    r"""Whole-word phrases found by their first word: as `(?<!\w)(?:a|b…)(?!\w)` with the
    longest first, but a dictionary look-up per word of the text instead of trying every
    phrase at every position (a programme knows tens of thousands of names)."""

    def __init__(self, phrases: Iterable[str], *, ignore_case: bool) -> None:
        self._fold = str.lower if ignore_case else str
        by_first: dict[str, list[str]] = {}
        odd: set[str] = set()
        for phrase in set(phrases):
            first = _WORD.match(phrase)
            if first is None:
                odd.add(phrase)  # starts with a sign: the few such go through a regex
            else:
                by_first.setdefault(self._fold(first.group(0)), []).append(self._fold(phrase))
        self._by_first = {
            key: sorted(set(found), key=lambda p: (-len(p), p)) for key, found in by_first.items()
        }
        flags = re.IGNORECASE if ignore_case else 0
        self._odd = re.compile(rf"(?<!\w)(?:{_alternation(odd)})(?!\w)", flags) if odd else None

    def sub(self, replace: Callable[[str], str], text: str) -> str:
        if self._odd is not None:
            text = self._odd.sub(lambda m: replace(m.group(0)), text)
        out: list[str] = []
        done = 0
        position = 0
        while (word := _WORD.search(text, position)) is not None:
            start = word.start()
            position = word.end()
            for phrase in self._by_first.get(self._fold(word.group(0)), ()):
                end = start + len(phrase)
                if self._fold(text[start:end]) == phrase and not (
                    end < len(text) and _WORD.match(text, end)
                ):
                    out += [text[done:start], replace(text[start:end])]
                    done = position = end
                    break
        out.append(text[done:])
        return "".join(out)


class Redactor:
    """Replaces the names of people and places the programme knows in a piece of text."""

    def __init__(self, names: Iterable[str], places: Iterable[str]) -> None:
        people: set[str] = set()
        for name in names:
            cleaned = " ".join(name.split())
            if sum(c.isalpha() for c in cleaned) >= 2:
                people.add(cleaned)
            people.update(
                part.strip(".,'’-")
                for part in cleaned.split()
                if sum(c.isalpha() for c in part) >= 2
            )
        known_places = {" ".join(p.split()) for p in places if sum(c.isalpha() for c in p) >= 3}
        self._places = {p.casefold() for p in known_places}
        loose = {w for w in people | known_places if w.casefold() not in _EVERYDAY}
        strict = {w[:1].upper() + w[1:] for w in people if w.casefold() in _EVERYDAY}
        self._loose = _Phrases(loose, ignore_case=True) if loose else None
        self._strict = _Phrases(strict, ignore_case=False) if strict else None

    def _label(self, found: str) -> str:
        return "[place]" if found.casefold() in self._places else "[name]"

    def __call__(self, text: str) -> str:
        """Names, places, e-mail addresses and phone numbers taken out."""
        text = _EMAIL.sub("[email]", text)
        text = _PHONE.sub(
            lambda m: "[number]" if sum(c.isdigit() for c in m.group(0)) >= 9 else m.group(0), text
        )
        return self.names_only(text)

    def names_only(self, text: str) -> str:
        """Only the names and places taken out."""
        if self._loose is not None:
            text = self._loose.sub(self._label, text)
        if self._strict is not None:
            text = self._strict.sub(lambda _: "[name]", text)
        return text


# --- the export ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """Local dates to include (both ends inclusive; None = open)."""

    since: date | None = None
    until: date | None = None

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date):
            raise TypeError("expected date")
        return (self.since is None or day >= self.since) and (
            self.until is None or day <= self.until
        )


def _local(moment: datetime, zone: str) -> datetime:
    return moment.astimezone(ZoneInfo(zone))


def _stamp(moment: datetime | None, zone: str) -> str | None:
    return None if moment is None else _local(moment, zone).strftime("%Y-%m-%d %H:%M")


def _minutes(span: timedelta) -> int:
    return int(span.total_seconds() // 60)


def _meeting(facts: MeetingFacts) -> Meeting:
    """Enough of a Meeting for the check-in timing rules (no venue: it isn't read)."""
    return Meeting(
        id=facts.id,
        group_id=facts.group_id,
        starts_at=facts.starts_at,
        ends_at=facts.ends_at,
        venue_id=0,
        venue_name="",
        venue_address="",
        venue_notes="",
        status=MeetingStatus.CANCELLED if facts.cancelled else MeetingStatus.SCHEDULED,
        sequence=0,
        topic_title=facts.topic_title,
    )


def checkin_state_of(
    checkin: CheckinFacts | None, meeting: Meeting, tz: ZoneInfo, now: datetime, times: CheckinTimes
) -> CheckinState:
    """The same answer as bot.checkins.rules.checkin_state, from rows already read."""
    if checkin is not None and checkin.completed_at is not None:
        return CheckinState.COMPLETE
    if now >= times.reminder_due(meeting, tz):
        return CheckinState.MISSING
    if checkin is not None and checkin.attendance_at is not None:
        return CheckinState.IN_PROGRESS
    if now >= times.prompt_due(meeting, tz):
        return CheckinState.WAITING
    return CheckinState.IN_PROGRESS if checkin is not None else CheckinState.NOT_DUE


def _obstacles(checkin: CheckinFacts | None) -> str | None:
    if checkin is None or checkin.obstacles_at is None:
        return None
    if not checkin.obstacles:
        return "none"
    order = [o.value for o in Obstacle]
    known = [key for key in order if key in checkin.obstacles]
    return ";".join(known + sorted(set(checkin.obstacles) - set(order)))


def _topic(kind: str | None, key: str | None) -> str | None:
    return None if kind is None or key is None else f"{kind}:{key}"


class _Exporter:
    def __init__(
        self,
        repos: Repos,
        *,
        now: datetime,
        window: Window,
        settings: Settings,
    ) -> None:
        self.repos = repos
        self.now = now
        self.window = window
        self.settings = settings
        self.times = CheckinTimes.from_settings(settings)

    async def run(self) -> dict[str, list[Row]]:
        export = self.repos.export
        self.group_facts = await export.groups()
        self.meetings = await export.meetings()
        self.stints = await export.stints()
        self.stints_of: dict[int, list[Stint]] = {}
        for stint in self.stints:
            self.stints_of.setdefault(stint.group_id, []).append(stint)
        self.answers = await export.answers()
        self.forgotten = await export.forgotten()
        self.redact = Redactor(await export.known_names(), await export.known_places())
        self.in_range = [
            m for m in self.meetings if _local(m.starts_at, m.timezone).date() in self.window
        ]
        self.held = [m for m in self.in_range if not m.cancelled and m.starts_at <= self.now]
        tables = {
            "groups": await self.groups(),
            "meetings": await self.meeting_rows(),
            "attendance": await self.attendance(),
            "checkins": await self.checkins(),
            "peer_feedback": await self.peer_feedback(),
            "concerns": await self.concerns(),
            "suggestions": await self.suggestions(),
            "group_events": await self.group_events(),
        }
        if not (tuple(tables) == TABLE_NAMES):
            raise RuntimeError("the tables and their names differ")
        return tables

    def peers_at(self, meeting: MeetingFacts) -> list[int]:
        """Peers in the meeting's group when it started (or now, for one to come)."""
        return [
            s.person_id
            for s in self.stints_of.get(meeting.group_id, ())
            if s.role == "peer" and s.covers(meeting.starts_at)
        ]

    # groups

    async def groups(self) -> list[Row]:
        rows: list[Row] = []
        for g in self.group_facts:
            first = _local(g.first_start, g.timezone).date() if g.first_start else None
            last = _local(g.last_start, g.timezone).date() if g.last_start else None
            rows.append(
                {
                    "group": group_ref(g.id),
                    "area": area_ref(g.area_id),
                    "status": g.status,
                    "decision": g.decision,
                    "archived": (
                        _local(g.archived_at, g.timezone).date().isoformat()
                        if g.archived_at
                        else None
                    ),
                    "peers": g.peers,
                    "psfs": g.psfs,
                    "peers_without_telegram": g.peers_without_telegram,
                    "peers_left": g.peers_left,
                    "meetings_planned": g.meetings_planned,
                    "meetings_cancelled": g.meetings_cancelled,
                    "first_meeting": first.isoformat() if first else None,
                    "last_meeting": last.isoformat() if last else None,
                }
            )
        return rows

    # meetings

    def session_numbers(self) -> dict[int, int]:
        """1 + the group's meetings not cancelled that start earlier (as meetings.rules counts)."""
        starts: dict[int, list[datetime]] = {}
        for m in self.meetings:
            if not m.cancelled:
                starts.setdefault(m.group_id, []).append(m.starts_at)
        for values in starts.values():
            values.sort()
        return {
            m.id: 1 + bisect_left(starts[m.group_id], m.starts_at)
            for m in self.meetings
            if not m.cancelled
        }

    async def meeting_rows(self) -> list[Row]:
        sessions = self.session_numbers()
        sent = await self.repos.export.sent_counts([meeting_rules.REMINDER, meeting_rules.NUDGE])
        rows: list[Row] = []
        for m in self.in_range:
            local = _local(m.starts_at, m.timezone)
            given = self.answers.get(m.id, {})
            counts = Counter(given.get(person_id) for person_id in self.peers_at(m))
            status = "past" if m.starts_at <= self.now else "upcoming"
            rows.append(
                {
                    "meeting": meeting_ref(m.id),
                    "group": group_ref(m.group_id),
                    "session": sessions.get(m.id),
                    "date": local.date().isoformat(),
                    "weekday": WEEKDAYS[local.weekday()],
                    "start": local.strftime("%H:%M"),
                    "minutes": _minutes(m.ends_at - m.starts_at),
                    "status": "cancelled" if m.cancelled else status,
                    "topic_suggested": _topic(m.suggested_kind, m.suggested_key),
                    "topic_chosen": _topic(m.chosen_kind, m.chosen_key),
                    "topic_title": m.topic_title,
                    "icebreaker": m.icebreaker_key,
                    "going": counts["yes"],
                    "maybe": counts["maybe"],
                    "cant": counts["no"],
                    "no_answer": counts[None],
                    "reminders_sent": sent.get((m.id, meeting_rules.REMINDER), 0),
                    "nudges_sent": sent.get((m.id, meeting_rules.NUDGE), 0),
                }
            )
        return rows

    # attendance

    async def attendance(self) -> list[Row]:
        offline = await self.repos.export.without_telegram()
        wanted = {m.id for m in self.held}
        records: dict[int, checkin_rules.AttendanceRecord] = {}
        for group_id in sorted({m.group_id for m in self.held}):
            for record in await checkin_rules.attendance_history(
                self.repos, group_id, now=self.now
            ):
                if record.meeting_id in wanted:
                    records[record.meeting_id] = record
        rows: list[Row] = []
        for m in self.held:
            record = records[m.id]
            came = set(record.present_ids)
            going_absent = None
            if record.recorded and record.met:
                given = self.answers.get(m.id, {})
                going_absent = sum(
                    1 for p in self.peers_at(m) if given.get(p) == "yes" and p not in came
                )
            rows.append(
                {
                    "meeting": meeting_ref(m.id),
                    "group": group_ref(m.group_id),
                    "date": record.day.isoformat(),
                    "recorded": record.recorded,
                    "met": record.met,
                    "not_met_reason": record.not_met_reason.value
                    if record.not_met_reason
                    else None,
                    **_if_recorded(
                        record.recorded,
                        present_peers=record.present_peers,
                        # Someone forgotten has no Telegram id any more: not "without Telegram".
                        present_without_telegram=len(came & offline),
                        extra_without_telegram=record.others_without_telegram,
                        newcomers=record.newcomers,
                        total=record.total,
                    ),
                    "going_absent": going_absent,
                }
            )
        return rows

    # check-ins

    async def checkins(self) -> list[Row]:
        by_meeting: dict[int, list[CheckinFacts]] = {}
        for checkin in await self.repos.export.checkins():
            by_meeting.setdefault(checkin.meeting_id, []).append(checkin)
        rows: list[Row] = []
        for m in self.held:
            tz = ZoneInfo(m.timezone)
            meeting = _meeting(m)
            found = by_meeting.get(m.id, [])
            named = {
                c.person_id: c
                for c in found
                if c.person_id is not None and c.person_id not in self.forgotten
            }
            anonymous = [c for c in found if c.person_id is None or c.person_id in self.forgotten]
            psfs = {
                s.person_id
                for s in self.stints_of.get(m.group_id, ())
                if s.role == "psf" and s.covers(m.starts_at) and s.person_id not in self.forgotten
            }
            entries: list[tuple[int | None, CheckinFacts | None]] = [
                (pid, named.get(pid)) for pid in sorted(psfs | set(named))
            ]
            entries += [(None, c) for c in anonymous]
            for person_id, entry in entries:
                rows.append(self.checkin_row(m, meeting, tz, person_id, entry))
        return rows

    def checkin_row(
        self,
        m: MeetingFacts,
        meeting: Meeting,
        tz: ZoneInfo,
        person_id: int | None,
        checkin: CheckinFacts | None,
    ) -> Row:
        state = checkin_state_of(checkin, meeting, tz, self.now, self.times)
        completed = checkin.completed_at if checkin else None
        words = person_id is not None  # a forgotten PSF's words are gone, and stay gone

        def said(text: str | None) -> str | None:
            return self.redact(text) if words and text else None

        return {
            "meeting": meeting_ref(m.id),
            "group": group_ref(m.group_id),
            "psf": person_ref(person_id),
            "state": state.value,
            "completed": _stamp(completed, m.timezone),
            "minutes_after_end": _minutes(completed - m.ends_at) if completed else None,
            "face": checkin.mood if checkin else None,
            "obstacles": _obstacles(checkin),
            "went_well": said(checkin.went_well if checkin else None),
            "less_well": said(checkin.less_well if checkin else None),
            "asked_nurse": checkin.wants_nurse if checkin else None,
        }

    # peers' feedback

    async def peer_feedback(self) -> list[Row]:
        counts = await self.repos.export.feedback_counts()
        asked = await self.repos.export.sent_counts([checkin_rules.FEEDBACK])
        rows: list[Row] = []
        for m in self.held:
            given = counts.get(m.id, {})
            rows.append(
                {
                    "meeting": meeting_ref(m.id),
                    "group": group_ref(m.group_id),
                    "date": _local(m.starts_at, m.timezone).date().isoformat(),
                    "asked": asked.get((m.id, checkin_rules.FEEDBACK), 0),
                    "helpful": given.get(checkin_rules.Rating.HELPFUL.value, 0),
                    "ok": given.get(checkin_rules.Rating.OK.value, 0),
                    "not_for_me": given.get(checkin_rules.Rating.NOT_FOR_ME.value, 0),
                }
            )
        return rows

    # concerns

    async def concerns(self) -> list[Row]:
        steps = await self.repos.export.concern_steps()
        concerns = [
            c
            for c in await self.repos.export.concerns()
            if _local(c.raised_at, c.timezone).date() in self.window
        ]
        # Each area's hours as they are now, with the closures from a month before the first
        # concern on: for any later moment that is the same as the closures around it.
        first_raised = min((c.raised_at for c in concerns), default=self.now)
        wanted = {c.area_id for c in concerns}
        areas = [area for area in await self.repos.programme.areas() if area.id in wanted]
        if len(areas) != len(wanted):
            raise RuntimeError("missing: area")
        hours_of = await concern_rules.office_hours_of_areas(
            self.repos, self.settings, areas, first_raised
        )
        rows: list[Row] = []
        for c in concerns:
            hours = hours_of[c.area_id]
            done = steps.get(c.id, {})
            rows.append(
                {
                    "concern": concern_ref(c.id),
                    "group": group_ref(c.group_id),
                    "area": area_ref(c.area_id),
                    "category": c.category,
                    "urgent": c.urgent,
                    "from_checkin": c.source == "checkin",
                    "state": c.state,
                    "raised": _stamp(c.raised_at, c.timezone),
                    "raised_in_office_hours": hours.is_open(c.raised_at),
                    **_spans("delivered", hours, c.raised_at, c.delivered_at),
                    **_spans("acknowledged", hours, c.raised_at, c.acknowledged_at),
                    **_spans("resolved", hours, c.raised_at, c.resolved_at),
                    "reminders": done.get("reminded", 0),
                    "escalated": done.get("escalated", 0) > 0,
                    "replies": done.get("replied", 0),
                    "answers": done.get("answered", 0),
                }
            )
        return rows

    # suggestions

    async def suggestions(self) -> list[Row]:
        zones = {g.id: g.timezone for g in self.group_facts}
        made: Counter[tuple[int, str]] = Counter()
        after: Counter[tuple[int, str]] = Counter()
        for s in await self.repos.export.suggestions():
            local = _local(s.created_at, zones[s.group_id])
            if local.date() not in self.window:
                continue
            key = (s.group_id, local.strftime("%Y-%m"))
            made[key] += 1
            after[key] += int(s.after_meeting)
        return [
            {
                "group": group_ref(group_id),
                "month": month,
                "suggestions": made[(group_id, month)],
                "after_meeting": after[(group_id, month)],
            }
            for group_id, month in sorted(made)
        ]

    async def group_events(self) -> list[Row]:
        rows: list[Row] = []
        for e in await self.repos.export.group_events():
            local = _local(e.at, e.timezone)
            if local.date() not in self.window:
                continue
            task = e.kind in _TASK_KINDS
            rows.append(
                {
                    "event": f"E{e.id}",
                    "group": group_ref(e.group_id),
                    "meeting": meeting_ref(e.meeting_id) if e.meeting_id else None,
                    "person": person_ref(e.person_id) or None,
                    "role": e.role,
                    "kind": e.kind,
                    "value": (self.redact(e.value) if task else e.value) or None,
                    "date": local.date().isoformat(),
                    "time": local.strftime("%H:%M"),
                }
            )
        return rows


_TASK_KINDS = frozenset({"claim", "unclaim"})


def _if_recorded(recorded: bool, **counts: int) -> dict[str, object]:
    """Attendance numbers, or blanks when nobody recorded them (not zeros: nobody knows)."""
    return {name: value if recorded else None for name, value in counts.items()}


def _spans(
    name: str, hours: OfficeHours, start: datetime, end: datetime | None
) -> dict[str, object]:
    if end is None:
        return {f"{name}_office_minutes": None, f"{name}_clock_minutes": None}
    return {
        f"{name}_office_minutes": _minutes(hours.open_time_between(start, end)),
        f"{name}_clock_minutes": _minutes(end - start),
    }


async def research_export(
    repos: Repos,
    *,
    now: datetime,
    since: date | None = None,
    until: date | None = None,
    settings: Settings | None = None,
) -> dict[str, list[dict[str, object]]]:
    """Every table of the research export (see TABLES), rows of plain values.

    `settings` gives the office hours and check-in times the numbers are measured with (the
    defaults if None). Read-only: pass the repos of a read (or any) transaction.
    """
    return await _Exporter(
        repos,
        now=now,
        window=Window(since, until),
        settings=settings or Settings.model_construct(),
    ).run()


# --- /forget (bot.privacy.PARTS) ------------------------------------------------------------------


async def mydata_note(repos: Repos, person: Person) -> str:
    """For /mydata: research exports hold nothing that names the person."""
    del repos, person
    return texts.MYDATA_NOTE


async def erase_mentions(repos: Repos, person: Person, now: datetime) -> None:
    """/forget: take the person's name out of what facilitators wrote in their check-ins, so
    no export (nor anyone) can find it there once the bot no longer knows the name."""
    del now
    if person.forgotten_at is not None:
        return
    redact = Redactor([person.display_name], [])
    parts = sorted({person.display_name, *person.display_name.split()})
    for checkin_id, went_well, less_well in await repos.export.checkin_words_with(parts):
        cleaned = redact.names_only(went_well), redact.names_only(less_well)
        if cleaned != (went_well, less_well):
            await repos.export.set_checkin_words(checkin_id, *cleaned)


# --- writing it down -----------------------------------------------------------------------------


def csv_cell(value: object) -> str:
    """A value as a CSV cell: yes/no for flags, blank for None. Text that a spreadsheet would
    take for a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(safe_cell(value))


def csv_rows(table: Table, rows: Sequence[Mapping[str, object]]) -> list[list[str]]:
    """The header and the rows of a table, as cells."""
    return [list(table.names)] + [[csv_cell(row[name]) for name in table.names] for row in rows]


def _wrap(text: str, first: str, rest: str) -> str:
    return textwrap.fill(
        text, 92, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False
    )


def readme_text(
    *,
    exported_at: datetime,
    since: date | None,
    until: date | None,
    counts: Mapping[str, int],
) -> str:
    """README.txt: what the export is, its rules, and every column of every file."""
    span = (
        f"from {since.isoformat() if since else 'the start'} "
        f"to {until.isoformat() if until else 'the time of the export'}"
    )
    lines = [
        "Peer Circle — research export",
        "",
        _wrap(
            f"Exported {to_db(exported_at)} (UTC). Meetings, concerns and suggestions {span}.",
            "",
            "",
        ),
        "",
        "Pseudonymous: people are P<number>, groups G<number>, areas A<number>, meetings",
        "M<number>, concerns C<number> (internal row numbers, the same in every file). There",
        "are no names, Telegram ids or venue addresses, nothing written in a concern or its",
        "replies, and no topic suggestions' words. People who asked to be forgotten appear only",
        "in the counts. The only free text is each facilitator's own 'what worked well / less",
        "well' (checkins.csv), with names, places, phone numbers and e-mail addresses the bot",
        "recognises replaced; treat it as confidential all the same.",
        "",
        "Files are UTF-8 CSV with a header row. Dates and times are local to each group's area.",
        "Blank = not applicable or not answered; yes/no for flags. Text a spreadsheet could take",
        "for a formula (starting with = + - or @) starts with an apostrophe.",
        "",
    ]
    for table in TABLES:
        rows = counts.get(table.name, 0)
        lines.append(f"{table.file_name} ({rows} row{'' if rows == 1 else 's'})")
        lines.append(_wrap(table.about, "  ", "  "))
        for column in table.columns:
            lines.append(_wrap(f"{column.name}: {column.meaning}", "  - ", "      "))
        lines.append("")
    return "\n".join(lines)
