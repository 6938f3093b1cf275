"""Local help and session ideas in the bot: browsing, searching, forged buttons, live reload."""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import cli
from bot.content import ContentError, texts
from bot.content import reload as content_reload
from bot.content.buttons import LibraryButton, View
from bot.content.library import SEARCH_INPUT
from bot.devserver import FakeTelegram, LocalBotApiServer, SimUser
from bot.texts import common as common_texts
from tests.builders import Programme
from tests.harness import CONTENT_DIR, BotHarness

ROOT = CONTENT_DIR.parent
IDEAS_VIEWS_FOR_PEERS = [
    "lib:ideas:-:0:0",
    "lib:t:sleep:0:0",
    "lib:s:getting-to-know:1:0",
    "lib:tip:someone-dominates:0:0",
    "lib:rules:-:0:0",
    "lib:ice:things-in-common:0:1",
]


async def sample_world(bot: BotHarness, *, with_coordinator: bool = False) -> Programme:
    """The builders' programme, in the area whose resources ship as the sample."""
    world = await Programme.build(bot, area_name="Sample Area", with_coordinator=with_coordinator)
    assert world.area.slug == "sample-area"
    return world


def labels(user: SimUser) -> list[str]:
    return [label for row in user.last.buttons for label in row]


def menu(user: SimUser) -> set[str]:
    return {label for row in user.keyboard or [] for label in row}


async def awaiting_kind(bot: BotHarness, world: Programme, user: SimUser) -> str | None:
    async with bot.services.db.read() as repos:
        waiting = await repos.awaiting.get(world.person_id(user))
    return waiting.kind if waiting else None


# --- Menus --------------------------------------------------------------------------------------


async def test_each_role_gets_its_library_buttons(bot: BotHarness) -> None:
    """Peers get Find local help; PSFs Session ideas and Resources; nurses and coordinators too."""
    world = await sample_world(bot, with_coordinator=True)
    assert world.nurse is not None and world.coordinator is not None
    for user in (world.peer, world.psf, world.nurse, world.coordinator):
        await bot.send(user, "/start")
    assert texts.PEER_MENU_LABEL in menu(world.peer)
    assert not {texts.IDEAS_LABEL, texts.RESOURCES_LABEL} & menu(world.peer)
    assert {texts.IDEAS_LABEL, texts.RESOURCES_LABEL} <= menu(world.psf)
    for staff in (world.nurse, world.coordinator):
        assert texts.RESOURCES_LABEL in menu(staff) and texts.IDEAS_LABEL not in menu(staff)
    await bot.send(world.peer, "/help")
    assert texts.PEER_EXPLAINS in world.peer.last.text


# --- Browsing -----------------------------------------------------------------------------------


async def test_a_peer_browses_local_help_by_buttons(bot: BotHarness) -> None:
    """A peer opens local help, picks a kind of help and a service, and comes back."""
    # Each person taps a few times only: the flood limiter allows about one message a second.
    world = await sample_world(bot)
    peer, other = world.peers[0], world.peers[1]
    await bot.send(peer, texts.PEER_MENU_LABEL)
    home = peer.last
    assert "Local help" in home.text
    assert "🦶 Foot care" in labels(peer) and texts.PEER_SUPPORT_LABEL in labels(peer)
    assert texts.IDEAS_LINK not in labels(peer)
    await bot.press(peer, "🦶 Foot care")
    assert peer.last.message_id == home.message_id  # the same message changes: no clutter
    assert labels(peer)[0] == "📍 SAMPLE — Foot clinic"
    await bot.press(peer, "📍 SAMPLE — Foot clinic")
    assert "How to get it" in peer.last.text and "near you" in peer.last.text
    await bot.press(peer, texts.BACK)
    assert "Foot care" in peer.last.text and len(peer.inbox) == 1
    assert all(answer is None for answer in peer.callback_answers)  # every spinner stopped
    await bot.send(other, texts.PEER_MENU_LABEL)
    await bot.press(other, texts.PEER_SUPPORT_LABEL)
    assert "What peer support is" in other.last.text and "not medical advice" in other.last.text


async def test_a_psf_reads_a_long_session_page_by_page(bot: BotHarness) -> None:
    """A PSF opens session 1: it comes in pages with the GP line on each; More and Back work."""
    psf = (await sample_world(bot)).psf
    await bot.send(psf, texts.IDEAS_LABEL)
    assert labels(psf) == [
        texts.SESSIONS_LABEL,
        texts.TOPICS_LABEL,
        texts.ICEBREAKERS_LABEL,
        texts.GROUND_RULES_LABEL,
        texts.TIPS_LABEL,
        texts.ENDING_LABEL,
    ]
    await bot.press(psf, texts.SESSIONS_LABEL)
    await bot.press(psf, labels(psf)[0])
    assert "Session 1" in psf.last.text and "Page 1 of 3" in psf.last.text
    assert "GP, practice nurse or pharmacist" in psf.last.text
    await bot.press(psf, texts.MORE)
    assert "Page 2 of 3" in psf.last.text and "(continued)" in psf.last.text
    assert "GP, practice nurse or pharmacist" in psf.last.text
    await bot.press(psf, texts.BACK)
    assert "Page 1 of 3" in psf.last.text and len(psf.inbox) == 1


async def test_a_psf_opens_a_health_topic_and_a_tip(bot: BotHarness) -> None:
    """A health topic carries the 'ask your GP' line; a tip has things to try."""
    world = await sample_world(bot)
    first, second = world.psfs
    await bot.send(first, texts.IDEAS_LABEL)
    await bot.press(first, texts.TOPICS_LABEL)
    await bot.press(first, "Sleep and tiredness")
    assert "Questions to talk about" in first.last.text
    assert "🩺" in first.last.text and "GP or practice nurse" in first.last.text
    await bot.send(second, texts.IDEAS_LABEL)
    await bot.press(second, texts.TIPS_LABEL)
    await bot.press(second, "Someone dominates")
    assert "Things to try" in second.last.text


# --- Searching ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("dietician", "Dietitian"),
        ("excercise", "SAMPLE — Lavenham health walk"),
        ("walkng group near lavenham", "SAMPLE — Lavenham health walk"),
        ("chiropidist", "SAMPLE — NHS podiatry clinic"),
        ("bereavment", "Bereavement"),
        ("stop smokin", "Stop smoking"),
        ("lift to the hospital", "SAMPLE — Volunteer car scheme"),
        ("money worries", "Citizens Advice"),
    ],
)
async def test_typing_after_opening_local_help_searches_with_typos(
    bot: BotHarness, typed: str, first: str
) -> None:
    """Misspelt words typed in the resources menu find the right kind of help first."""
    world = await sample_world(bot)
    await bot.send(world.peer, texts.PEER_MENU_LABEL)
    await bot.send(world.peer, typed)
    assert "Here's what I found" in world.peer.last.text
    assert first.lower() in labels(world.peer)[0].lower() or first in world.peer.last.text


async def test_resources_command_searches_and_results_open_in_a_new_message(
    bot: BotHarness,
) -> None:
    """/resources dietician lists dietitians; tapping one keeps the list and adds its details."""
    world = await sample_world(bot)
    peer = world.peer
    await bot.send(peer, "/resources dietician")
    results = peer.last
    assert "dietitian" in labels(peer)[0].lower()
    await bot.press(peer, labels(peer)[0])
    assert len(peer.inbox) == 2 and peer.inbox[0].text == results.text
    assert "How to get it" in peer.last.text
    await bot.send(peer, "podiatry")  # the answer says: to search again, type other words
    assert "Here's what I found for <i>podiatry</i>" in peer.last.text
    await bot.send(peer, "/resources")
    assert "Local help" in peer.last.text


async def test_nothing_found_is_answered_helpfully(bot: BotHarness) -> None:
    """A search that matches nothing says so, offers the kinds of help and who may know."""
    world = await sample_world(bot)
    await bot.send(world.peer, "/resources xyzzy plugh")
    assert "couldn't find anything" in world.peer.last.text
    assert "Your PSF or your GP practice" in world.peer.last.text
    assert "🦶 Foot care" in labels(world.peer)


async def test_free_text_is_a_search_only_after_opening_the_menu_and_for_a_while(
    bot: BotHarness,
) -> None:
    """Any typing is a search after opening local help, not before, not after /start and not
    hours later; before and after, a kind of help is still understood as one ("dietician")."""
    world = await sample_world(bot)
    peer = world.peer
    await bot.send(peer, "hello")
    assert "Here's what I found" not in peer.last.text
    await bot.send(peer, "dietician")
    assert "Here's what I found" in peer.last.text  # understood as a kind of help
    await bot.send(peer, "/start")
    assert await awaiting_kind(bot, world, peer) is None
    await bot.send(peer, texts.PEER_MENU_LABEL)
    assert await awaiting_kind(bot, world, peer) == SEARCH_INPUT
    await bot.send(peer, "/start")
    assert await awaiting_kind(bot, world, peer) is None
    await bot.send(peer, "hello")
    assert "Here's what I found" not in peer.last.text
    await bot.send(peer, texts.PEER_MENU_LABEL)
    await bot.advance(timedelta(hours=2))
    await bot.send(peer, "hello")
    assert "Here's what I found" not in peer.last.text
    assert common_texts.DID_NOT_UNDERSTAND not in peer.last.text
    assert await awaiting_kind(bot, world, peer) is None


async def test_stickers_and_essays_in_search_get_a_kind_reply_and_keep_waiting(
    bot: BotHarness,
) -> None:
    """A sticker or a 5,000-character message is answered kindly; the next words still search."""
    world = await sample_world(bot)
    peer, other = world.peers[0], world.peers[1]
    await bot.send(peer, texts.PEER_MENU_LABEL)
    peer.send_sticker()
    await bot.settle()
    assert peer.last.text == texts.SEARCH_NEEDS_WORDS
    await bot.send(peer, "foot care")
    assert "Here's what I found" in peer.last.text
    await bot.send(other, texts.PEER_MENU_LABEL)
    await bot.send(other, "walking " * 625)  # Telegram sends it as two messages
    assert other.texts[-2:] == [texts.SEARCH_TOO_LONG] * 2
    assert await awaiting_kind(bot, world, other) == SEARCH_INPUT


async def test_a_menu_button_ends_the_search(bot: BotHarness) -> None:
    """Tapping another menu button stops treating typed words as a search."""
    world = await sample_world(bot)
    await bot.send(world.psf, texts.RESOURCES_LABEL)
    await bot.send(world.psf, texts.IDEAS_LABEL)
    assert await awaiting_kind(bot, world, world.psf) is None


# --- Forged and stale buttons -------------------------------------------------------------------


@pytest.mark.parametrize("data", IDEAS_VIEWS_FOR_PEERS)
async def test_a_peer_forging_a_psf_only_button_is_refused(bot: BotHarness, data: str) -> None:
    """Real keys for PSF material, forged by a peer, get 'isn't available' and change nothing."""
    world = await sample_world(bot)
    peer = world.peer
    await bot.send(peer, texts.PEER_MENU_LABEL)
    before = peer.last.text
    await bot.press_data(peer, data)
    assert peer.callback_answers[-1] == common_texts.NOT_ALLOWED
    assert peer.last.text == before and len(peer.inbox) == 1


@pytest.mark.parametrize(
    "data",
    [
        "lib:t:no-such-topic:0:0",
        "lib:r:sleep:0:0",  # a topic's key as a resource
        "lib:r:sample-walk-lavenham:0:0",  # another area's resource
        "lib:tops:sleep:0:0",
        "lib:nope:-:0:0",
        "lib:t:Sleep!:0:0",
        "lib:t:sleep:-1:0",
        "lib:t:sleep:0",
        "lib:" + "x" * 60,
    ],
)
async def test_forged_or_stale_library_buttons_are_refused_kindly(
    bot: BotHarness, data: str
) -> None:
    """Unknown keys, wrong kinds, other areas and malformed data get a kind 'doesn't work'."""
    world = await Programme.build(bot)  # Babergh: no resources file, so national only
    psf = world.psf
    await bot.send(psf, texts.RESOURCES_LABEL)
    before = psf.last.text
    await bot.press_data(psf, data)
    assert psf.callback_answers[-1] == common_texts.STALE_BUTTON
    assert psf.last.text == before


async def test_a_stranger_pressing_a_library_button_is_told_how_to_join(bot: BotHarness) -> None:
    """Someone with no group who presses library data is told how to join, nothing more."""
    stranger = bot.user(9001, "Sam")
    await bot.send(stranger, "/start")
    await bot.press_data(stranger, LibraryButton(View.RESOURCES).pack())
    assert stranger.last.text == common_texts.STRANGER
    await bot.send(stranger, "/resources dietician")
    assert stranger.last.text == common_texts.STRANGER


# --- Reloading ----------------------------------------------------------------------------------


def break_topics(folder: Path) -> None:
    topics = folder / "topics.yaml"
    topics.write_text(topics.read_text().replace("  - key: alcohol\n", "  - key: Alcohol\n"))


async def test_reload_with_a_broken_file_keeps_the_old_content(tmp_path: Path) -> None:
    """A reload request with a broken file is refused and recorded; the bot keeps working."""
    folder = Path(shutil.copytree(CONTENT_DIR, tmp_path / "content"))
    async with BotHarness.fast(tmp_path, content_dir=folder) as bot:
        world = await sample_world(bot)
        store = bot.services.content
        assert store is not None
        before = store.current
        break_topics(folder)
        async with bot.services.db.transaction() as repos:
            number = await content_reload.request_reload(repos)
        results = await bot.sweep()
        result = results["content"]
        assert isinstance(result, content_reload.ReloadResult) and not result.ok
        assert result.problems == (
            "topics.yaml, topic 'Alcohol': key: 'Alcohol' is not a valid "
            "key: use at most 24 lowercase letters, digits and single "
            "dashes, e.g. 'eating-out'",
        )
        assert store.current is before
        await bot.send(world.peer, "/resources dietician")
        assert "Here's what I found" in world.peer.last.text
        async with bot.services.db.read() as repos:
            assert await content_reload.result_for(repos, number) == result
        assert (await bot.sweep())["content"] is None  # handled once, not on every sweep

        # Fixed, and a resource renamed: the next request swaps the new content in.
        shutil.copy(CONTENT_DIR / "topics.yaml", folder / "topics.yaml")
        national = folder / "resources" / "national.yaml"
        national.write_text(national.read_text().replace("name: NHS 111\n", "name: NHS 111 line\n"))
        async with bot.services.db.transaction() as repos:
            await content_reload.request_reload(repos)
        result = (await bot.sweep())["content"]
        assert isinstance(result, content_reload.ReloadResult) and result.ok
        await bot.send(world.peer, "/resources nhs 111")
        assert "NHS 111 line" in world.peer.last.text


async def test_broken_content_at_start_stops_the_bot_listing_every_problem(
    tmp_path: Path,
) -> None:
    """Starting with broken content fails before anything else, naming file, entry and problem."""
    folder = Path(shutil.copytree(CONTENT_DIR, tmp_path / "content"))
    break_topics(folder)
    with pytest.raises(ContentError) as raised:
        async with BotHarness.fast(tmp_path, content_dir=folder):
            pass
    assert [problem.entry for problem in raised.value.problems] == ["topic 'Alcohol'"]
    assert raised.value.directory == folder


@pytest.mark.parametrize("command", ["run", "demo"])
async def test_the_bot_refuses_to_start_with_broken_content_without_a_traceback(
    tmp_path: Path, command: str
) -> None:
    """`python -m bot run` (or demo) with broken content prints the problems and exits 2."""
    folder = Path(shutil.copytree(CONTENT_DIR, tmp_path / "content"))
    break_topics(folder)
    async with LocalBotApiServer(FakeTelegram(token="123456:TEST")) as server:
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "CONTENT_DIR": str(folder),
            "DATABASE_PATH": str(tmp_path / "bot.sqlite3"),
            "TELEGRAM_BOT_TOKEN": "123456:TEST",
            "TELEGRAM_API_URL": server.base_url,  # `run` says hello to Telegram first
            "LOG_LEVEL": "WARNING",
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            command,
            cwd=tmp_path,
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        _, raw = await asyncio.wait_for(process.communicate(), timeout=60)
    stderr = raw.decode()
    assert process.returncode == 2
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert lines[0] == "Peer Circle can't start: its content files need fixing first."
    assert lines[1] == f"Found 1 problem in {folder}:"
    assert lines[2].startswith("  topics.yaml, topic 'Alcohol': key: 'Alcohol' is not a valid")
    assert lines[3].startswith("Fix them (check again with: python -m bot admin content check)")


def admin(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["admin", "content", *args])
    return result.exit_code, result.output


def test_admin_content_check_reports_problems_or_a_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`admin content check` lists each problem on a line and exits 1, or sums up the content."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "none.sqlite3"))
    monkeypatch.setenv("CONTENT_DIR", str(CONTENT_DIR))
    code, out = admin("check")
    assert code == 0
    assert out.startswith("Content is fine: 6 sessions, ")
    assert "sample-area (15 — a sample to replace)" in out
    folder = Path(shutil.copytree(CONTENT_DIR, tmp_path / "content"))
    break_topics(folder)
    icebreakers = folder / "icebreakers.yaml"
    icebreakers.write_text(icebreakers.read_text().replace("minutes: 5\n", "minutes: 45\n", 1))
    code, out = admin("check", "--dir", str(folder))
    assert code == 1
    assert out.splitlines() == [
        f"Found 2 problems in {folder}:",
        "  topics.yaml, topic 'Alcohol': key: 'Alcohol' is not a valid key: use at most 24 "
        "lowercase letters, digits and single dashes, e.g. 'eating-out'",
        "  icebreakers.yaml, icebreaker 'weather-report': minutes: must be at most 20",
        "Fix these, then check again. The running bot is not affected.",
    ]


async def test_admin_content_check_notes_areas_without_resources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An area in the database without a resources file is pointed out by the check."""
    async with BotHarness.fast(tmp_path) as bot:
        await Programme.build(bot)  # Babergh
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "peer-circle.sqlite3"))
    monkeypatch.setenv("CONTENT_DIR", str(CONTENT_DIR))
    code, out = await asyncio.to_thread(admin, "check")
    assert code == 0
    assert "Note: area 'Babergh' (babergh) has no resources file" in out


async def test_admin_content_reload_asks_the_running_bot_and_reports_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`admin content reload` waits for the running bot's sweep and reports what it did."""
    folder = Path(shutil.copytree(CONTENT_DIR, tmp_path / "content"))
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "peer-circle.sqlite3"))
    monkeypatch.setenv("CONTENT_DIR", str(folder))
    async with BotHarness.fast(tmp_path, content_dir=folder) as bot:
        command = asyncio.create_task(asyncio.to_thread(admin, "reload", "--wait", "20"))
        for _ in range(200):  # the bot's sweep, as the scheduler would run it
            result = (await bot.sweep())["content"]
            if result is not None:
                break
            await asyncio.sleep(0.02)
        code, out = await command
    assert code == 0
    assert "Done: the bot is now using the new content (23 topics" in out


async def test_admin_content_reload_refuses_broken_files_and_says_when_nobody_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Broken files are never sent to the bot; with no bot running, the command says so."""
    folder = Path(shutil.copytree(CONTENT_DIR, tmp_path / "content"))
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "peer-circle.sqlite3"))
    monkeypatch.setenv("CONTENT_DIR", str(folder))
    async with BotHarness.fast(tmp_path, content_dir=folder):
        pass  # the bot has run once with this database, and is stopped now
    code, out = await asyncio.to_thread(admin, "reload", "--wait", "0.3")
    assert code == 1 and "it is probably not running" in out
    break_topics(folder)
    code, out = await asyncio.to_thread(admin, "reload")
    assert code == 1
    assert "topics.yaml, topic 'Alcohol'" in out
    assert "Nothing was reloaded: the bot carries on with the content it has." in out


# --- End to end over HTTP -----------------------------------------------------------------------


async def test_browse_and_search_end_to_end_over_http(bot_http: BotHarness) -> None:
    """Over HTTP, a peer searches with a typo and opens a result; a PSF browses icebreakers."""
    world = await sample_world(bot_http)
    peer, psf = world.peer, world.psf
    await bot_http.send(peer, texts.PEER_MENU_LABEL)
    await bot_http.send(peer, "walkng group near lavnham")
    assert labels(peer)[0] == "📍 SAMPLE — Health walk"
    await bot_http.press(peer, labels(peer)[0])
    assert "Tuesdays" in peer.last.text
    await bot_http.press_data(peer, "lib:t:sleep:0:0")
    assert peer.callback_answers[-1] == common_texts.NOT_ALLOWED
    await bot_http.send(psf, texts.IDEAS_LABEL)
    await bot_http.press(psf, texts.ICEBREAKERS_LABEL)
    await bot_http.press(psf, "Things in common")
    assert "about 10 minutes" in psf.last.text
    assert len(psf.inbox) == 1
