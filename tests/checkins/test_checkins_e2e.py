"""Check-ins end to end: the Application polling the local Bot API server over HTTP, stopped
half way and started again on the same database."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.checkins import rules as checkins
from bot.checkins import texts
from bot.checkins.buttons import FeedbackAct, FeedbackButton
from tests.checkins.helpers import (
    DONE,
    NURSE_NO,
    PROMPT_AT,
    SKIP,
    WELL,
    feedback_messages,
    meeting_day,
    same_people,
    to_prompt,
    walk_checkin,
)
from tests.harness import BotHarness
from tests.meetings.helpers import quick_taps


@pytest.fixture
def _quick_taps(monkeypatch: pytest.MonkeyPatch) -> None:
    quick_taps(monkeypatch)


@pytest.mark.usefixtures("_quick_taps")
async def test_a_check_in_survives_a_restart_and_the_second_psf_confirms(
    tmp_path: Path,
) -> None:
    """Over HTTP: a PSF ticks who came and stops half way; after a restart ✅ Check-in resumes
    at the unanswered question; words, Skip and chips finish it. The co-facilitator confirms
    the same ticks; peers' answers are kept, and attendance is in the group's history."""
    async with BotHarness.e2e(tmp_path) as bot:
        day = await meeting_day(bot)
        psf = day.world.psf
        await to_prompt(bot)
        assert "Check-in 1 of 5 · Who came?" in psf.last.text
        await bot.press(psf, "⬜ Peer3 — not ticked")
        await bot.press(psf, texts.PLUS)  # one more who came without Telegram
        await bot.press(psf, DONE)
        await bot.press(psf, WELL)
        assert "What worked well?" in psf.last.text
        peer1 = day.world.peers[0]
        assert len(feedback_messages(peer1)) == 1
        await bot.press(peer1, texts.RATING_LABELS["helpful"])
    # The bot stops here and starts again on the same database an hour later.
    async with BotHarness.e2e(tmp_path, start=PROMPT_AT + timedelta(hours=1)) as bot:
        psf, second, peer2 = same_people(bot, day.world.psf, day.world.psfs[1], day.world.peers[1])
        await bot.send(psf, texts.MENU_LABEL)
        assert "Check-in 3 of 5 · What worked well?" in psf.last.text
        await bot.send(psf, "Peer3 told us about her walking group")
        assert "What worked less well?" in psf.last.text
        await bot.press(psf, SKIP)
        await bot.press(psf, texts.chip_label(texts.OBSTACLE_LABELS["wandered"], False))
        await bot.press(psf, texts.OBSTACLES_DONE)
        await bot.press(psf, NURSE_NO)
        summary = psf.last.text
        assert "Thank you — your check-in is saved." in summary
        assert "Who came: 4 people — Peer1, Peer2, Peer3, 1 without Telegram" in summary
        assert "Worked less well: <i>skipped</i>" in summary

        await bot.send(second, texts.MENU_LABEL)
        assert "Psf1 has ticked who came" in second.last.text
        assert second.last.buttons[:3] == [
            ["✅ Peer1 — came"],
            ["✅ Peer2 — came"],
            ["✅ Peer3 — came"],
        ]
        await walk_checkin(bot, second, well="Tea and cake")

        await bot.send(peer2, "/start")  # then taps the question sent before the restart
        await bot.press_data(peer2, FeedbackButton(day.meeting.id, FeedbackAct.RATE, 1).pack())
        assert peer2.callback_answers[-1] == texts.feedback_thanks("ok")

        async with bot.services.db.read() as repos:
            [record] = await checkins.attendance_history(repos, day.world.group.id)
            feedback = await repos.checkins.feedback_counts(day.meeting.id)
            done = await repos.checkins.for_meeting(day.meeting.id)
        assert record.present_peers == 3 and record.without_telegram == 1 and record.total == 4
        assert feedback == {"helpful": 1, "ok": 1}
        assert [c.is_complete for c in done] == [True, True]
        assert {c.went_well for c in done} == {
            "Peer3 told us about her walking group",
            "Tea and cake",
        }
