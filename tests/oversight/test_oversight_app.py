"""Warnings, 📋 Groups, writing to the PSFs and the Monday digest through the Application."""

from __future__ import annotations

from datetime import timedelta

from bot.devserver import SimUser
from bot.models import Role
from bot.oversight import texts
from bot.oversight.buttons import WarningAct, WarningButton
from bot.oversight.chart import Series, build_chart
from bot.oversight.deliveries import chart_series
from bot.oversight.records import DismissReason, Rule
from bot.texts import common as common_texts
from tests.builders import Programme
from tests.harness import BotHarness
from tests.oversight.helpers import (
    MONDAY_OPENING,
    SATURDAY,
    THURSDAYS,
    plan_dates,
    record,
    utc,
    warnings_in,
)


def shown(user: SimUser, message_id: int) -> str:
    """The text of one message as it is now (after edits)."""
    return next(m.text for m in user.inbox if m.message_id == message_id)


async def low_turnout_group(bot: BotHarness) -> Programme:
    """Lavenham meets on Thursdays; 3 then 2 came to the first two meetings."""
    world = await Programme.build(bot)
    planned = await plan_dates(bot, world, THURSDAYS)
    await bot.sweep()
    bot.clock.set(utc(2026, 11, 5, 12, 0))
    await record(bot, world, planned[0], 3)
    bot.clock.set(utc(2026, 11, 12, 12, 0))
    await record(bot, world, planned[1], 2)
    return world


async def test_a_warning_waits_for_office_hours_and_comes_once(bot: BotHarness) -> None:
    """Spotted on a Saturday, the warning reaches the nurse at Monday's opening, once, with
    buttons to write to the PSFs, see the group and dismiss it."""
    world = await low_turnout_group(bot)
    nurse = world.nurse
    assert nurse is not None
    await bot.sweep(at=SATURDAY)
    assert not [m for m in warnings_in(nurse) if "fewer than 4" in m.text]
    await bot.sweep(at=MONDAY_OPENING)
    [warning] = [m for m in warnings_in(nurse) if "fewer than 4" in m.text]
    assert "Lavenham Circle" in warning.text and "(3, 2)" in warning.text
    assert warning.buttons == [[texts.MESSAGE_PSFS], [texts.SEE_GROUP], [texts.DISMISS]]
    await bot.advance(timedelta(hours=2))
    assert len([m for m in warnings_in(nurse) if "fewer than 4" in m.text]) == 1


async def test_the_nurse_dismisses_a_warning_with_a_reason(bot: BotHarness) -> None:
    """Dismiss asks why; the reason is kept; the group's ⚠️ goes while the rule still fires."""
    world = await low_turnout_group(bot)
    nurse = world.nurse
    assert nurse is not None
    await bot.sweep(at=MONDAY_OPENING)
    [warning] = [m for m in warnings_in(nurse) if "fewer than 4" in m.text]
    await bot.press(nurse, texts.DISMISS, message_id=warning.message_id)
    assert texts.DISMISS_WHY in shown(nurse, warning.message_id)
    label = texts.DISMISS_LABELS[DismissReason.SPOKEN]
    await bot.press(nurse, label, message_id=warning.message_id)
    assert texts.DISMISSED in shown(nurse, warning.message_id)
    async with bot.services.db.read() as repos:
        [row] = [w for w in await repos.warnings.active(world.group.id) if w.rule == "low"]
    assert row.dismiss_reason == "spoken" and row.dismissed_by == world.person_id(nurse)
    await bot.advance(timedelta(hours=1))
    assert len([m for m in warnings_in(nurse) if "fewer than 4" in m.text]) == 1
    await bot.send(nurse, texts.MENU_LABEL)
    assert "fewer than 4" not in nurse.last.text


async def test_a_forged_or_foreign_warning_button_changes_nothing(bot: BotHarness) -> None:
    """A PSF pressing the nurse's dismiss button, or nonsense data, is refused kindly."""
    world = await low_turnout_group(bot)
    await bot.sweep(at=MONDAY_OPENING)
    async with bot.services.db.read() as repos:
        warning = (await repos.warnings.active(world.group.id))[0]
    await bot.send(world.psf, "/start")
    forged = WarningButton(warning.id, WarningAct.REASON, 0).pack()
    await bot.press_data(world.psf, forged)
    assert world.psf.callback_answers[-1] == common_texts.NOT_ALLOWED
    await bot.press_data(world.psf, "ovw:abc:why:9")
    assert world.psf.callback_answers[-1] == common_texts.STALE_BUTTON
    async with bot.services.db.read() as repos:
        assert (await repos.warnings.get(warning.id)).dismissed_at is None  # type: ignore[union-attr]


async def test_the_nurse_writes_to_the_psfs_through_the_bot(bot: BotHarness) -> None:
    """From the warning: ✉️, a few words, and both PSFs get them; an empty message is refused."""
    world = await low_turnout_group(bot)
    nurse = world.nurse
    assert nurse is not None
    await bot.sweep(at=MONDAY_OPENING)
    [warning] = [m for m in warnings_in(nurse) if "fewer than 4" in m.text]
    await bot.press(nurse, texts.MESSAGE_PSFS, message_id=warning.message_id)
    assert "What would you like to say to the PSFs of Lavenham Circle" in nurse.last.text
    await bot.send(nurse, "   ")
    assert nurse.last.text == texts.MESSAGE_EMPTY
    await bot.send(nurse, "Shall we talk on Wednesday about numbers?")
    assert nurse.last.text == "✉️ Sent to Psf1 and Psf2."
    for psf in world.psfs:
        assert "Shall we talk on Wednesday about numbers?" in psf.last.text
        assert "A message from Nurse, your study nurse" in psf.last.text


async def test_groups_view_lists_the_area_and_opens_a_group(bot: BotHarness) -> None:
    """📋 Groups: one line per group with next meeting, attendance and trend, check-in, ⚠️;
    tapping a group shows its last meetings, PSFs and plan. A peer has no such button."""
    world = await low_turnout_group(bot)
    await Programme.build(bot, group_name="Hadleigh Friends", first_id=3000, with_nurse=False)
    nurse = world.nurse
    assert nurse is not None
    await bot.sweep(at=MONDAY_OPENING)
    await bot.send(nurse, texts.MENU_LABEL)
    listing = nurse.last.text
    assert "Groups in Babergh</b> (2)" in listing
    assert "<b>Lavenham Circle</b> — next Thursday 19 November" in listing
    assert "last 2 came ↘" in listing and "check-in ❌ missing" in listing
    assert "⚠️ fewer than 4 came, 2 meetings running (3, 2)" in listing
    assert "<b>Hadleigh Friends</b> — nothing planned" in listing
    assert ["⚠️ Lavenham Circle"] in nurse.last.buttons
    await bot.press(nurse, "⚠️ Lavenham Circle")
    detail = nurse.last.text
    assert "Last meetings" in detail and "Thursday 5 November: 3 came" in detail
    assert "Psf1: ✅ reachable" in detail and "Thursday 19 November, 10:30" in detail
    await bot.send(world.peer, texts.MENU_LABEL)
    assert "Groups in" not in world.peer.last.text
    await bot.send(world.peer, "/groups")
    assert world.peer.last.text == common_texts.NOT_ALLOWED


async def test_the_coordinator_sees_every_area(bot: BotHarness) -> None:
    """A coordinator chooses an area first, then sees its groups."""
    world = await Programme.build(bot, with_coordinator=True)
    await Programme.build(
        bot, area_name="Mid Suffolk", group_name="Eye Circle", first_id=3000, with_nurse=False
    )
    coordinator = world.coordinator
    assert coordinator is not None
    await bot.send(coordinator, "/groups")
    assert coordinator.last.buttons == [["Babergh"], ["Mid Suffolk"]]
    await bot.press(coordinator, "Mid Suffolk")
    assert "Groups in Mid Suffolk</b> (1)" in coordinator.last.text
    assert "Eye Circle" in coordinator.last.text


async def test_the_monday_digest_has_the_week_and_a_chart(bot: BotHarness) -> None:
    """At Monday's opening the nurse gets last week's warnings and meetings, then a PNG chart
    with a line per group; a second sweep sends nothing more."""
    world = await low_turnout_group(bot)
    nurse = world.nurse
    assert nurse is not None
    await bot.sweep(at=SATURDAY)
    await bot.sweep(at=MONDAY_OPENING - timedelta(minutes=1))
    assert not [m for m in nurse.inbox if "Your week in" in m.text]
    await bot.sweep(at=MONDAY_OPENING)
    [digest] = [m for m in nurse.inbox if "Your week in Babergh" in m.text]
    assert "Monday 9 November – Sunday 15 November" in digest.text
    assert "fewer than 4 came" in digest.text
    assert "Lavenham Circle, Thursday 12 November: 2 came" in digest.text
    [chart] = [m for m in nurse.inbox if m.photo is not None]
    assert chart.photo is not None and chart.photo.data.startswith(b"\x89PNG")
    assert nurse.inbox.index(digest) < nurse.inbox.index(chart)
    await bot.advance(timedelta(hours=3))
    assert len([m for m in nurse.inbox if "Your week in" in m.text]) == 1


async def test_digests_are_arranged_once_a_week_and_for_a_nurse_who_joins_late(
    bot: BotHarness,
) -> None:
    """The week's digests are arranged once per area (later sweeps read no area, however many
    there are); a nurse added after that, while the digest is still timely, gets it too."""
    world = await low_turnout_group(bot)
    await bot.sweep(at=MONDAY_OPENING)
    late = await world.add_nurse(5000, "Second")
    await bot.sweep(at=MONDAY_OPENING + timedelta(hours=1))
    assert [m for m in late.inbox if "Your week in Babergh" in m.text]
    traced: list[str] = []
    conn = bot.services.db._require()
    await conn.set_trace_callback(traced.append)
    await bot.sweep(at=MONDAY_OPENING + timedelta(days=1))
    await conn.set_trace_callback(None)
    assert not [sql for sql in traced if "FROM areas" in sql or "area_nurses" in sql]
    assert [sql for sql in traced if "FROM digest_work" in sql]


async def test_the_chart_draws_each_group_with_its_name(bot: BotHarness) -> None:
    """The chart has a line per group with a recorded meeting, named at the line's end."""
    world = await low_turnout_group(bot)
    async with bot.services.db.read() as repos:
        series = await chart_series(
            repos, world.area, MONDAY_OPENING - timedelta(weeks=12), MONDAY_OPENING
        )
    series.append(Series("Eye Circle", ((THURSDAYS[0], 9), (THURSDAYS[1], 8))))
    series.append(Series("Not met yet", ()))
    figure = build_chart(
        series, start=THURSDAYS[0] - timedelta(weeks=11), end=THURSDAYS[2], title="t", empty="e"
    )
    [axes] = figure.axes
    assert len(axes.lines) == 2
    names = {text.get_text() for text in axes.texts}
    assert names == {"Lavenham\nCircle", "Eye Circle"}
    assert all(text.get_fontsize() >= 20 for text in axes.texts)


async def test_rules_look_at_real_groups(bot: BotHarness) -> None:
    """Through the sweep: one PSF left, "not for me" from a third, an urgent concern, nothing
    planned ahead; each raises its warning once and clears when the fact goes."""
    world = await low_turnout_group(bot)
    async with bot.services.db.transaction() as repos:
        meeting_id = (await repos.checkins.history(world.group.id, bot.clock.now()))[-1].meeting_id
        for peer, rating in zip(world.peers, ("not_for_me", "ok", "helpful"), strict=True):
            await repos.checkins.set_feedback(
                meeting_id, world.person_id(peer), rating, bot.clock.now()
            )
        await repos.people.leave_group(
            group_id=world.group.id, person_id=world.person_id(world.psfs[1]), now=bot.clock.now()
        )
    await bot.sweep(at=MONDAY_OPENING)
    async with bot.services.db.read() as repos:
        rules = {w.rule for w in await repos.warnings.active(world.group.id)}
    assert {Rule.PSF_COVER.value, Rule.NOT_FOR_ME.value, Rule.LOW_ATTENDANCE.value} <= rules
    async with bot.services.db.transaction() as repos:
        await repos.people.join_group(
            group_id=world.group.id,
            person_id=world.person_id(world.psfs[1]),
            role=Role.PSF,
            now=bot.clock.now(),
        )
    await bot.advance(timedelta(minutes=5))
    async with bot.services.db.read() as repos:
        rules = {w.rule for w in await repos.warnings.active(world.group.id)}
    assert Rule.PSF_COVER.value not in rules
