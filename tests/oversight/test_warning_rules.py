"""Each early-warning rule on its own, with the thresholds from the settings."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.oversight import rules
from bot.oversight.records import Flag, GroupFacts, Rule, Thresholds
from tests.harness import make_settings

T = Thresholds()
NOW = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
CALM = GroupFacts(
    now=NOW,
    attendance=(8, 7, 9),
    next_meeting_at=NOW + timedelta(weeks=2),
    checkin_missing=False,
    psfs=2,
    unreachable_psfs=0,
    feedback_answered=6,
    feedback_not_for_me=1,
    urgent_concern_at=None,
    meeting_without_psf=False,
)


def test_low_attendance_needs_two_meetings_running_under_four() -> None:
    """3 then 2 fires; one low meeting, or a 4, does not."""
    assert rules.low_attendance([8, 3, 2], T)
    assert not rules.low_attendance([8, 3], T)
    assert not rules.low_attendance([3, 4], T)
    assert not rules.low_attendance([2], T)


def test_falling_needs_three_falls_in_a_row() -> None:
    """9 > 7 > 5 > 4 fires; a level step or too few meetings does not."""
    assert rules.falling([9, 7, 5, 4], T)
    assert rules.falling([3, 9, 7, 5, 4], T)
    assert not rules.falling([9, 7, 7, 4], T)
    assert not rules.falling([7, 5, 4], T)


def test_no_meeting_planned_in_the_next_six_weeks() -> None:
    """Nothing planned, or the next meeting beyond six weeks, fires; an ending group is calm."""
    assert rules.no_meeting_planned(None, NOW, T)
    assert rules.no_meeting_planned(NOW + timedelta(weeks=7), NOW, T)
    assert not rules.no_meeting_planned(NOW + timedelta(weeks=5), NOW, T)
    assert not rules.no_meeting_planned(None, NOW, T, active=False)


def test_checkin_missing_after_its_reminder() -> None:
    """A missing check-in fires; one done or not yet due does not."""
    assert rules.checkin_missing(True)
    assert not rules.checkin_missing(False)


def test_only_one_psf_left_or_one_unreachable() -> None:
    """One PSF, or two with one blocked, fires; two reachable PSFs do not."""
    assert rules.psf_cover(1, 0, T)
    assert rules.psf_cover(2, 1, T)
    assert not rules.psf_cover(2, 0, T)
    assert not rules.psf_cover(3, 0, T)


def test_not_for_me_from_a_third_of_those_who_answered() -> None:
    """2 of 6 fires; 1 of 6 does not; nobody answering does not."""
    assert rules.not_for_me(6, 2, T)
    assert rules.not_for_me(3, 1, T)
    assert not rules.not_for_me(6, 1, T)
    assert not rules.not_for_me(0, 0, T)


def test_an_urgent_concern_in_the_last_month() -> None:
    """An urgent concern 10 days ago fires; one 40 days ago does not."""
    assert rules.urgent_concern(NOW - timedelta(days=10), NOW, T)
    assert not rules.urgent_concern(NOW - timedelta(days=40), NOW, T)
    assert not rules.urgent_concern(None, NOW, T)


def test_evaluate_names_each_rule_and_is_quiet_for_a_calm_group() -> None:
    """A calm group has no flags; each fact on its own raises its rule."""
    assert rules.evaluate(CALM, T) == []
    cases = {
        Rule.LOW_ATTENDANCE: replace(CALM, attendance=(8, 3, 2)),
        Rule.FALLING: replace(CALM, attendance=(12, 9, 8, 6)),
        Rule.NO_PLAN: replace(CALM, next_meeting_at=None),
        Rule.CHECKIN_MISSING: replace(CALM, checkin_missing=True),
        Rule.PSF_COVER: replace(CALM, psfs=1),
        Rule.NOT_FOR_ME: replace(CALM, feedback_not_for_me=3),
        Rule.URGENT: replace(CALM, urgent_concern_at=NOW - timedelta(days=3)),
        Rule.NO_PSF_AT_MEETING: replace(CALM, meeting_without_psf=True),
    }
    for rule, facts in cases.items():
        assert [flag.rule for flag in rules.evaluate(facts, T)] == [rule], rule
    assert rules.evaluate(replace(CALM, attendance=(8, 3, 2)), T)[0] == Flag(
        Rule.LOW_ATTENDANCE, "8, 3, 2"
    )


def test_a_group_still_being_set_up_is_left_alone() -> None:
    """Before its first meeting only "no PSF can make the meeting" is raised."""
    forming = replace(CALM, attendance=(), next_meeting_at=None, psfs=1, started=False)
    assert rules.evaluate(forming, T) == []
    assert rules.evaluate(replace(forming, meeting_without_psf=True), T) == [
        Flag(Rule.NO_PSF_AT_MEETING)
    ]


def test_thresholds_come_from_the_settings(tmp_path: Path) -> None:
    """WARN_* settings change the rules; the defaults match the study's figures."""
    assert Thresholds.from_settings(make_settings(tmp_path)) == Thresholds()
    settings = make_settings(
        tmp_path,
        warn_low_attendance=6,
        warn_low_attendance_meetings=3,
        warn_falling_meetings=2,
        warn_plan_ahead_weeks=8,
        warn_not_for_me_share=0.5,
        warn_urgent_days=14,
        warn_min_psfs=3,
    )
    t = Thresholds.from_settings(settings)
    assert rules.low_attendance([5, 5, 5], t) and not rules.low_attendance([5, 5], t)
    assert rules.falling([7, 5, 4], t)
    assert not rules.no_meeting_planned(NOW + timedelta(weeks=7), NOW, t)
    assert not rules.not_for_me(6, 2, t)
    assert not rules.urgent_concern(NOW - timedelta(days=20), NOW, t)
    assert rules.psf_cover(2, 0, t)


def test_trend_arrows() -> None:
    """Up, down, level, or nothing with one meeting."""
    assert rules.trend([3, 5]) == "↗"
    assert rules.trend([5, 3]) == "↘"
    assert rules.trend([5, 5]) == "→"
    assert rules.trend([5]) == ""
