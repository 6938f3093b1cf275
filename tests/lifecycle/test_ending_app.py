"""A group's ending through the Application: the guide and the goodbye before the last
meeting, the last message after it, and the archive that follows."""

from __future__ import annotations

import json

from bot.checkins.buttons import CheckinAct, CheckinButton
from bot.checkins.texts import PROBLEM
from bot.lifecycle import texts
from bot.meetings.buttons import GroupAction, GroupMeetings
from bot.meetings.texts import MEETING_PROBLEM
from bot.models import Meeting
from bot.tasks import texts as task_texts
from bot.tasks.buttons import TaskAct, TaskButton
from tests.builders import Programme
from tests.harness import BotHarness
from tests.lifecycle.helpers import FAREWELL_AT, LAST_ENDS, six_meetings, with_text
from tests.oversight.helpers import utc

DECIDED_AT = utc(2026, 12, 4, 11, 0)
ARCHIVE_AT = utc(2026, 12, 17, 12, 0)


async def _end_the_group(bot: BotHarness) -> tuple[Programme, list[Meeting]]:
    world, planned = await six_meetings(bot)
    await bot.sweep(at=DECIDED_AT)
    await bot.send(world.psf, "/future")
    await bot.press(world.psf, texts.END)
    await bot.press(world.psf, texts.YES_END)
    return world, planned


async def test_psfs_get_the_ending_guide_and_make_a_goodbye(bot: BotHarness) -> None:
    """Deciding to end sends each PSF the ending-well ideas for the last meeting; one tap makes
    it the goodbye, which the peers' reminders then show; the guide opens from the message."""
    world, planned = await _end_the_group(bot)
    for psf in world.psfs:
        [guide] = with_text(psf, "ideas for ending well")
        assert "Thursday 10 December" in guide.text
        assert guide.buttons == [[texts.ENDING_GUIDE], [texts.MAKE_GOODBYE]]
    await bot.press(world.psf, texts.MAKE_GOODBYE)
    assert texts.GOODBYE_TOPIC in world.psf.last.text
    async with bot.services.db.read() as repos:
        last = await repos.meetings.get(planned[-1].id)
    assert last is not None and last.topic_title == texts.GOODBYE_TOPIC
    await bot.press(world.psf, texts.ENDING_GUIDE)
    assert "Ending well" in world.psf.last.text
    await bot.sweep(at=utc(2026, 12, 9, 10, 30))  # the day-before reminder
    reminder = world.peer.last
    assert "10 December" in reminder.text and texts.GOODBYE_TOPIC in reminder.text


async def test_after_the_last_meeting_peers_get_a_thank_you_with_support(
    bot: BotHarness,
) -> None:
    """The morning after the last meeting every peer gets a thank-you with the helpline, local
    support and an optional one-tap "how was it"; the PSFs a thank-you of their own."""
    world, _ = await _end_the_group(bot)
    await bot.sweep(at=LAST_ENDS)
    async with bot.services.db.read() as repos:
        row = await repos.lifecycle.stage(world.group.id)
    assert row is not None and row.stage == "ended" and row.archived_at is None
    assert not with_text(world.peer, "Thank you for being part of")
    await bot.sweep(at=FAREWELL_AT)
    for peer in world.peers:
        [farewell] = with_text(peer, "Thank you for being part of")
        assert "0345 123 2399" in farewell.text and "GP" in farewell.text
        assert farewell.buttons == [
            [texts.SUPPORT_NEAR_YOU],
            *([label] for label in texts.HOW_LABELS.values()),
        ]
    [thanks] = with_text(world.psf, "has finished. Thank you")
    assert "study nurse" in thanks.text
    await bot.press(world.peer, texts.HOW_LABELS["helped"])
    assert world.peer.last.text == texts.HOW_THANKS
    await bot.press(world.peer, texts.SUPPORT_NEAR_YOU)
    assert world.peer.last.buttons  # the library's categories, for their area
    async with bot.services.db.read() as repos:
        [how] = await repos.lifecycle.events(world.group.id, kind="how_was_it")
    assert how.value == "helped" and how.person_id == world.person_id(world.peer)


async def test_a_week_later_the_group_is_archived_and_read_only(bot: BotHarness) -> None:
    """A week after the end the group is archived: planning, tasks and the check-in refuse
    kindly, nothing more is sent, and the nurse still sees it."""
    world, planned = await _end_the_group(bot)
    await bot.sweep(at=LAST_ENDS)
    await bot.sweep(at=FAREWELL_AT)
    await bot.press_data(world.psf, CheckinButton(planned[-1].id, CheckinAct.OPEN).pack())
    # the last check-in is still open during the week
    assert world.psf.callback_answers[-1] not in (PROBLEM["archived"], PROBLEM["closed"])
    await bot.sweep(at=ARCHIVE_AT)
    async with bot.services.db.read() as repos:
        row = await repos.lifecycle.stage(world.group.id)
        kinds = [e.kind for e in await repos.lifecycle.events(world.group.id)]
    assert row is not None and row.archived_at is not None
    assert kinds[-1] == "archived"
    await bot.press_data(world.psf, GroupMeetings(GroupAction.PLAN, world.group.id).pack())
    assert world.psf.callback_answers[-1] == MEETING_PROBLEM["archived"]
    await bot.press_data(world.psf, CheckinButton(planned[-1].id, CheckinAct.OPEN).pack())
    assert world.psf.callback_answers[-1] == PROBLEM["archived"]
    await bot.press_data(world.psf, TaskButton(planned[-1].id, TaskAct.AWAY).pack())
    assert world.psf.callback_answers[-1] == task_texts.ARCHIVED
    await bot.press_data(world.psf, f"lc:{world.group.id}:bye:-")
    assert world.psf.callback_answers[-1] == texts.ARCHIVED
    sent = {user.id: len(user.inbox) for user in [*world.peers, *world.psfs]}
    await bot.sweep(at=utc(2027, 2, 1, 10, 0))
    assert {user.id: len(user.inbox) for user in [*world.peers, *world.psfs]} == sent
    nurse = world.nurse
    assert nurse is not None
    await bot.send(nurse, "/groups")
    assert "Ended groups" in nurse.last.text
    assert "• Lavenham Circle — ended, archived" in nurse.last.text
    assert nurse.last.buttons == [["Lavenham Circle"]]  # its detail, to look back on


async def test_members_keep_mydata_and_forget_after_the_archive(bot: BotHarness) -> None:
    """After the archive a peer's /mydata lists their answers and /forget unlinks them."""
    world, _ = await _end_the_group(bot)
    await bot.sweep(at=FAREWELL_AT)
    await bot.press(world.peer, texts.HOW_LABELS["ok"])
    await bot.sweep(at=ARCHIVE_AT)
    await bot.send(world.peer, "/mydata")
    data = json.loads(world.peer.last.document.data)  # type: ignore[union-attr]
    answer = data["tasks_and_group_answers"][-1]
    assert (answer["what"], answer["answer"]) == ("how_was_it", "ok")
    await bot.send(world.peer, "/forget")
    await bot.press(world.peer, "Yes, forget me")
    async with bot.services.db.read() as repos:
        [how] = await repos.lifecycle.events(world.group.id, kind="how_was_it")
    assert how.person_id is None and how.value == "ok"


async def test_ending_with_nothing_left_to_plan_says_goodbye_at_once(bot: BotHarness) -> None:
    """A group that ends after its meetings are all over gets the thank-you straight away."""
    world, _ = await six_meetings(bot)
    await bot.sweep(at=utc(2026, 12, 14, 10, 0))
    await bot.send(world.psf, "/future")
    await bot.press(world.psf, texts.END)
    await bot.press(world.psf, texts.YES_END)
    assert not with_text(world.psf, "ideas for ending well")
    await bot.sweep()
    assert with_text(world.peer, "Thank you for being part of")
