"""Co-facilitation through the Application: taking tasks, reminders, and covering."""

from __future__ import annotations

from datetime import date

from bot.tasks import texts
from tests.builders import Programme
from tests.harness import BotHarness
from tests.oversight.helpers import plan_dates, utc, warnings_in

THURSDAYS = tuple(date(2026, 11, 19 + 7 * n) for n in range(2))  # 19 and 26 November


async def test_psfs_take_tasks_and_see_who_has_what(bot: BotHarness) -> None:
    """One tap takes a free task; the co-PSF sees it taken and can't take it; a second tap
    gives it back."""
    world = await Programme.build(bot)
    await plan_dates(bot, world, THURSDAYS)
    await bot.sweep()
    first, second = world.psfs
    await bot.send(first, texts.MENU_LABEL)
    assert "Tasks for Lavenham Circle" in first.last.text
    assert first.last.buttons[0] == ["✋ Confirm the venue"]
    assert first.last.buttons[-1] == [texts.CANT_MAKE_IT]
    await bot.press(first, "✋ Bring refreshments")
    assert first.callback_answers[-1] == texts.CLAIMED
    assert ["✅ Bring refreshments"] in first.last.buttons
    assert "• Bring refreshments — Psf1" in first.last.text
    await bot.send(second, texts.MENU_LABEL)
    assert ["Bring refreshments: Psf1"] in second.last.buttons
    await bot.press(second, "Bring refreshments: Psf1")
    assert second.callback_answers[-1] == texts.TAKEN_BY_OTHER.format(name="Psf1")
    await bot.press(first, "✅ Bring refreshments")
    assert first.callback_answers[-1] == texts.RELEASED
    async with bot.services.db.read() as repos:
        kinds = [e.kind for e in await repos.lifecycle.events(world.group.id)]
    assert kinds == ["claim", "unclaim"]


async def test_unclaimed_tasks_are_pointed_out_and_owners_reminded(bot: BotHarness) -> None:
    """Three days before, both PSFs hear what nobody has taken; the day before, only the PSF
    with a task is reminded of it."""
    world = await Programme.build(bot)
    await plan_dates(bot, world, THURSDAYS)
    await bot.sweep()
    first, second = world.psfs
    await bot.send(first, texts.MENU_LABEL)
    await bot.press(first, "✋ Bring refreshments")
    await bot.sweep(at=utc(2026, 11, 16, 10, 29))
    assert not [m for m in second.inbox if "still needs someone" in m.text]
    await bot.sweep(at=utc(2026, 11, 16, 10, 30))
    for psf in world.psfs:
        [note] = [m for m in psf.inbox if "still needs someone" in m.text]
        assert "Confirm the venue" in note.text and "Bring refreshments" not in note.text
    await bot.sweep(at=utc(2026, 11, 18, 10, 30))
    [reminder] = [m for m in first.inbox if "Your tasks" in m.text]
    assert "Tomorrow's Lavenham Circle meeting" in reminder.text
    assert "• Bring refreshments" in reminder.text
    assert not [m for m in second.inbox if "Your tasks" in m.text]


async def test_a_psf_who_cant_come_is_covered_and_no_psf_is_flagged(bot: BotHarness) -> None:
    """ "I can't make it" gives the tasks back and tells the co-PSF; when both can't, the nurse
    hears at once (it is office hours)."""
    world = await Programme.build(bot)
    await plan_dates(bot, world, THURSDAYS)
    await bot.sweep()
    first, second = world.psfs
    nurse = world.nurse
    assert nurse is not None
    await bot.send(first, texts.MENU_LABEL)
    await bot.press(first, "✋ Lead the topic")
    await bot.press(first, texts.CANT_MAKE_IT)
    assert first.callback_answers[-1] == texts.AWAY_NOTED
    assert [texts.CAN_MAKE_IT] in first.last.buttons
    told = second.last
    assert "Psf1 can't make the Lavenham Circle meeting" in told.text
    assert "• Lead the topic" in told.text
    await bot.press(second, texts.SEE_TASKS)
    assert ["✋ Lead the topic"] in second.last.buttons
    assert not [m for m in warnings_in(nurse) if "no PSF" in m.text]
    await bot.press(second, texts.CANT_MAKE_IT)
    [flag] = [m for m in warnings_in(nurse) if "no PSF can make the next meeting" in m.text]
    assert "Lavenham Circle" in flag.text
    await bot.press(first, texts.CAN_MAKE_IT)
    async with bot.services.db.read() as repos:
        assert not [w for w in await repos.warnings.active(world.group.id) if w.rule == "nopsf"]


async def test_tasks_of_a_started_meeting_do_not_change(bot: BotHarness) -> None:
    """Once the meeting has started, a tap on an old task button changes nothing."""
    world = await Programme.build(bot)
    await plan_dates(bot, world, THURSDAYS)
    await bot.send(world.psf, texts.MENU_LABEL)
    screen = world.psf.last
    await bot.sweep(at=utc(2026, 11, 19, 11, 0))
    await bot.press(world.psf, "✋ Lead the topic", message_id=screen.message_id)
    assert world.psf.callback_answers[-1] == texts.TOO_LATE
    await bot.send(world.peer, "/tasks")
    assert "Tasks for" not in world.peer.last.text


async def test_a_task_taken_on_the_last_day_is_still_reminded(bot: BotHarness) -> None:
    """The day-before reminders are arranged when they fall due; a task taken after that (the
    meeting is looked at again on the change) still gets its reminder."""
    world = await Programme.build(bot)
    await plan_dates(bot, world, THURSDAYS)
    await bot.sweep()
    first, second = world.psfs
    await bot.send(first, texts.MENU_LABEL)
    await bot.press(first, "✋ Bring refreshments")
    await bot.sweep(at=utc(2026, 11, 18, 10, 30))
    assert [m for m in first.inbox if "Your tasks" in m.text]
    assert not [m for m in second.inbox if "Your tasks" in m.text]
    bot.clock.set(utc(2026, 11, 18, 15, 0))
    await bot.send(second, texts.MENU_LABEL)
    await bot.press(second, "✋ Confirm the venue")
    await bot.sweep()
    [reminder] = [m for m in second.inbox if "Your tasks" in m.text]
    assert "• Confirm the venue" in reminder.text
