"""How a group is doing, gathered once for the nurse's views, the warnings and the digest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.checkins import rules as checkins
from bot.checkins.rules import AttendanceRecord, CheckinState, CheckinTimes, Rating
from bot.lifecycle.stages import LIVE_STAGES, Stage, stage_of
from bot.models import Group, Meeting, Person, Role
from bot.oversight.records import GroupFacts
from bot.oversight.repo import Warning
from bot.storage import Repos


class CheckinMark:
    DONE = "done"
    MISSING = "missing"
    WAITING = "waiting"
    NONE = "none"  # no meeting has happened yet


@dataclass(frozen=True)
class GroupStatus:
    group: Group
    stage: Stage
    now: datetime
    history: list[AttendanceRecord]  # every meeting that has started, oldest first
    upcoming: list[Meeting]
    last_meeting_id: int | None
    checkin: str  # a CheckinMark
    open_concerns: int
    psfs: list[Person]
    absent_next: set[int]  # PSFs who can't make the next meeting
    feedback: dict[str, int]  # "How was today?" about the last meeting that met
    urgent_at: datetime | None
    warnings: list[Warning]

    @property
    def attendance(self) -> tuple[int, ...]:
        """Peers who came, per recorded meeting that met, oldest first."""
        return tuple(r.total for r in self.history if r.recorded and r.met)

    @property
    def next_meeting(self) -> Meeting | None:
        return self.upcoming[0] if self.upcoming else None

    @property
    def unreachable_psfs(self) -> list[Person]:
        return [p for p in self.psfs if not reachable(p)]

    @property
    def open_warnings(self) -> list[Warning]:
        return [w for w in self.warnings if w.is_open]

    def facts(self) -> GroupFacts:
        next_meeting = self.next_meeting
        psf_ids = {p.id for p in self.psfs}
        return GroupFacts(
            now=self.now,
            attendance=self.attendance,
            next_meeting_at=next_meeting.starts_at if next_meeting else None,
            checkin_missing=self.checkin == CheckinMark.MISSING,
            psfs=len(self.psfs),
            unreachable_psfs=len(self.unreachable_psfs),
            feedback_answered=sum(self.feedback.values()),
            feedback_not_for_me=self.feedback.get(Rating.NOT_FOR_ME.value, 0),
            urgent_concern_at=self.urgent_at,
            meeting_without_psf=(
                next_meeting is not None and bool(psf_ids) and psf_ids <= self.absent_next
            ),
            active=self.stage in LIVE_STAGES,
            started=bool(self.history),
        )


def reachable(person: Person) -> bool:
    """Whether the bot can reach this PSF at all (a pause is their choice, not a problem)."""
    return (
        person.telegram_id is not None
        and person.unreachable_at is None
        and person.forgotten_at is None
    )


async def group_status(
    repos: Repos, group: Group, now: datetime, times: CheckinTimes
) -> GroupStatus:
    history = await checkins.attendance_history(repos, group.id, now=now)
    upcoming = await repos.meetings.upcoming(group.id, now, limit=6)
    last_id = history[-1].meeting_id if history else None
    checkin = CheckinMark.NONE
    if last_id is not None:
        meeting = await repos.meetings.get(last_id)
        if meeting is None:
            raise RuntimeError("missing: meeting")
        states = set((await checkins.checkin_states(repos, meeting, now, times)).values())
        if CheckinState.COMPLETE in states:
            checkin = CheckinMark.DONE
        elif states and states <= {CheckinState.MISSING}:
            checkin = CheckinMark.MISSING
        else:
            checkin = CheckinMark.WAITING
    met = [r for r in history if r.recorded and r.met]
    feedback = await repos.checkins.feedback_counts(met[-1].meeting_id) if met else {}
    psfs = [m.person for m in await repos.people.members_of(group.id, role=Role.PSF)]
    absent = await repos.tasks.absent(upcoming[0].id) if upcoming else set()
    return GroupStatus(
        group=group,
        stage=await stage_of(repos, group),
        now=now,
        history=history,
        upcoming=upcoming,
        last_meeting_id=last_id,
        checkin=checkin,
        open_concerns=await repos.warnings.open_concerns(group.id),
        psfs=psfs,
        absent_next=absent,
        feedback=feedback,
        urgent_at=await repos.warnings.latest_urgent_concern(group.id),
        warnings=await repos.warnings.active(group.id),
    )
