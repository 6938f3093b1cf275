"""Joining by link, the privacy notice, each role's menu, and the person's own rights."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from pathlib import Path

import pytest

from bot.devserver import SimUser
from bot.membership import account_texts, group_texts, invites, joining_texts, privacy_texts
from bot.membership.invites import InviteProblem
from bot.models import Area, Group, Invite, Role
from bot.texts import common as common_texts
from bot.understanding import texts as understanding_texts
from tests.builders import Programme
from tests.harness import BotHarness


async def _setup(bot: BotHarness) -> tuple[Area, Group]:
    now = bot.clock.now()
    async with bot.services.db.transaction() as repos:
        area = await repos.programme.add_area(
            name="South Suffolk", slug="south-suffolk", timezone="Europe/London", now=now
        )
        group = await repos.programme.add_group(
            name="Lavenham Circle", area_id=area.id, venue="Hall", start_date=None, now=now
        )
    return area, group


async def _invite(bot: BotHarness, role: Role, **kwargs: object) -> Invite:
    async with bot.services.db.transaction() as repos:
        return await invites.create_invite(repos, role=role, now=bot.clock.now(), **kwargs)  # type: ignore[arg-type]


async def _join(bot: BotHarness, user: SimUser, token: str) -> None:
    await bot.send(user, f"/start {token}")
    await bot.press(user, joining_texts.AGREE)


async def _people_count(bot: BotHarness) -> int:
    async with bot.services.db.read() as repos:
        return len([p for p in (await repos.people.members_of(1)) if p.person.forgotten_at is None])


def test_tokens_are_unguessable() -> None:
    """Invitation tokens carry at least 128 bits and never repeat."""
    tokens = {invites.new_token() for _ in range(5000)}
    assert len(tokens) == 5000
    assert all(len(token) >= 22 and invites.TOKEN_SHAPE.match(token) for token in tokens)
    assert not any(token.startswith("-") for token in tokens)  # a CLI would read an option


async def test_psf_and_three_peers_join_by_link_and_see_their_menus(bot: BotHarness) -> None:
    """A PSF and three peers join by link; each sees the menu of their role."""
    _, group = await _setup(bot)
    psf_invite = await _invite(bot, Role.PSF, group=group)
    jean = bot.user(101, "Jean", last_name="Parker")
    await bot.send(jean, f"/start {psf_invite.token}")
    assert "facilitator of <b>Lavenham Circle</b>" in jean.last.text
    assert "Your data in Peer Circle" in jean.last.text
    assert jean.last.buttons == [
        [joining_texts.AGREE],
        [privacy_texts.MORE],
        [joining_texts.NOT_NOW],
    ]
    await bot.press(jean, joining_texts.AGREE)
    assert "you're now a facilitator of Lavenham Circle" in jean.last.text
    assert jean.keyboard is not None
    psf_labels = [label for row in jean.keyboard for label in row]
    assert group_texts.MENU_LABEL in psf_labels

    peer_link = await _invite(bot, Role.PEER, group=group)
    for user_id, name in ((201, "Ann"), (202, "Bob"), (203, "Carol")):
        peer = bot.user(user_id, name)
        await _join(bot, peer, peer_link.token)
        assert f"Welcome to Lavenham Circle, {name}!" in peer.last.text
        labels = [label for row in peer.keyboard or [] for label in row]
        assert account_texts.MENU_LABEL in labels
        assert group_texts.MENU_LABEL not in labels
    assert await _people_count(bot) == 4

    await bot.send(jean, group_texts.MENU_LABEL)
    assert "Peers (3)" in jean.last.text and "Ann" in jean.last.text


async def test_not_now_stores_nothing(bot: BotHarness) -> None:
    """Declining the privacy notice keeps nothing about the person."""
    _, group = await _setup(bot)
    link = await _invite(bot, Role.PEER, group=group)
    dora = bot.user(301, "Dora")
    await bot.send(dora, f"/start {link.token}")
    await bot.press(dora, joining_texts.NOT_NOW)
    assert "nothing about you has been kept" in dora.last.text
    async with bot.services.db.read() as repos:
        assert await repos.people.by_telegram_id(301) is None
        assert await repos.invites.held_join(301) is None
        assert (await repos.invites.get(link.token)).uses == 0  # type: ignore[union-attr]


@pytest.mark.parametrize("problem", list(InviteProblem))
async def test_unusable_links_are_explained_and_change_nothing(
    bot: BotHarness, problem: InviteProblem
) -> None:
    """An unknown, expired, used or revoked link, or one to a group that has ended, gets a kind
    explanation and changes nothing."""
    _, group = await _setup(bot)
    made = await _invite(bot, Role.PEER, group=group, uses=1, expires_days=1)
    token = made.token
    if problem is InviteProblem.UNKNOWN:
        token = "x" * 22
    elif problem is InviteProblem.EXPIRED:
        bot.clock.advance(timedelta(days=2))
    elif problem is InviteProblem.USED:
        await _join(bot, bot.user(401, "First"), token)
    elif problem is InviteProblem.GROUP_ENDED:
        async with bot.services.db.transaction() as repos:
            await repos.lifecycle.set_stage(group.id, "ended", bot.clock.now())
            await repos.lifecycle.archive(group.id, bot.clock.now())
    else:
        async with bot.services.db.transaction() as repos:
            await repos.invites.revoke(token, bot.clock.now())
    before = await _people_count(bot)
    latecomer = bot.user(402, "Late")
    await bot.send(latecomer, f"/start {token}")
    assert latecomer.last.text == joining_texts.INVITE_PROBLEM[problem]
    assert "ask your facilitator" in latecomer.last.text.lower()
    assert await _people_count(bot) == before
    async with bot.services.db.read() as repos:
        assert await repos.people.by_telegram_id(402) is None


async def test_forged_and_odd_tokens_are_refused(bot: BotHarness) -> None:
    """Start payloads that can't be tokens are refused kindly."""
    user = bot.user(501)
    for payload in ("'; DROP TABLE people; --", "a", "é" * 30, "x" * 64):
        await bot.send(user, f"/start {payload}")
        assert user.last.text == joining_texts.INVITE_PROBLEM[InviteProblem.UNKNOWN]


async def test_stranger_without_token_is_told_to_ask(bot: BotHarness) -> None:
    """A stranger who just says hello is told to ask their facilitator for a link."""
    stranger = bot.user(502)
    await bot.send(stranger, "hello?")
    assert stranger.last.text == common_texts.STRANGER


async def test_a_new_notice_version_asks_again(
    bot: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the privacy notice changes, members are asked to agree again before anything."""
    world = await Programme.build(bot)
    monkeypatch.setattr(invites, "PRIVACY_NOTICE_VERSION", invites.PRIVACY_NOTICE_VERSION + 1)
    await bot.send(world.peer, "/start")
    assert joining_texts.UPDATED_NOTICE_INTRO in world.peer.last.text
    await bot.press(world.peer, joining_texts.AGREE)
    async with bot.services.db.read() as repos:
        person = await repos.people.by_telegram_id(world.peer.id)
    assert person is not None and person.consent_version == invites.PRIVACY_NOTICE_VERSION
    await bot.send(world.peer, "/start")
    assert "Welcome back" in world.peer.last.text


async def test_mydata_sends_a_file_at_once(bot: BotHarness) -> None:
    """/mydata sends the person's data as sentences, then as a JSON file to take elsewhere."""
    world = await Programme.build(bot)
    await bot.send(world.peer, "/mydata")
    readable = world.peer.texts[-2]
    assert "Your name here is <b>Peer1</b>." in readable or "Your name here is Peer1." in readable
    assert "You are a peer in Lavenham Circle" in readable
    assert "{" not in readable and "UTC" not in readable
    document = world.peer.last.document
    assert document is not None and document.file_name == "Peer Circle — your data.json"
    data = json.loads(document.data)
    assert data["you"]["name"] == "Peer1"
    assert data["groups"][0]["group"] == "Lavenham Circle"
    assert data["groups"][0]["role"] == "peer"


async def test_forget_erases_identity_and_keeps_counts(bot: BotHarness) -> None:
    """/forget asks first, then erases the name and Telegram id; the row stays for counts."""
    world = await Programme.build(bot)
    peer = world.peer
    await bot.send(peer, "/forget")
    assert "can't be undone" in peer.last.text
    await bot.press(peer, account_texts.CANCEL)
    async with bot.services.db.read() as repos:
        assert await repos.people.by_telegram_id(peer.id) is not None
    await bot.send(peer, "/forget")
    await bot.press(peer, account_texts.YES_FORGET)
    assert account_texts.GOODBYE in peer.texts
    async with bot.services.db.read() as repos:
        assert await repos.people.by_telegram_id(peer.id) is None
        person = await repos.people.get(world.person_id(peer))
        members = await repos.people.members_of(world.group.id)
    assert person is not None and person.display_name == "(removed)"
    assert person.telegram_id is None and person.forgotten_at is not None
    assert world.person_id(peer) not in [m.person.id for m in members]
    await bot.send(peer, "/start")
    assert peer.last.text == common_texts.STRANGER


async def test_pause_and_resume(bot: BotHarness) -> None:
    """/pause stops unprompted messages and /resume restarts them; membership stays."""
    world = await Programme.build(bot)
    peer = world.peer
    await bot.send(peer, "/pause")
    assert peer.last.text == account_texts.PAUSED
    await bot.send(peer, "/pause")
    assert peer.last.text == account_texts.ALREADY_PAUSED
    async with bot.services.db.read() as repos:
        person = await repos.people.by_telegram_id(peer.id)
    assert person is not None and person.paused_at is not None
    await bot.send(peer, "/resume")
    assert peer.last.text == account_texts.RESUMED


async def test_leave_a_group_from_settings(bot: BotHarness) -> None:
    """A peer leaves their group from ⚙️ My settings after confirming."""
    world = await Programme.build(bot)
    peer = world.peer
    await bot.send(peer, account_texts.MENU_LABEL)
    await bot.press(peer, account_texts.LEAVE)
    assert "Leave <b>Lavenham Circle</b>?" in peer.last.text
    await bot.press(peer, account_texts.yes_leave("Lavenham Circle"))
    assert any("You've left Lavenham Circle" in text for text in peer.texts)
    async with bot.services.db.read() as repos:
        assert await repos.people.memberships_of(world.person_id(peer)) == []


async def test_blocking_the_bot_counts_as_pause(bot: BotHarness) -> None:
    """A peer who blocks the bot is unreachable until they come back."""
    world = await Programme.build(bot)
    world.peer.block()
    await bot.settle()
    async with bot.services.db.read() as repos:
        person = await repos.people.by_telegram_id(world.peer.id)
    assert person is not None and person.unreachable_at is not None
    assert any("not getting through" in text for text in world.psf.texts)
    world.peer.unblock()
    await bot.send(world.peer, "/start")
    async with bot.services.db.read() as repos:
        person = await repos.people.by_telegram_id(world.peer.id)
    assert person is not None and person.unreachable_at is None


async def test_psf_invites_peers_with_link_and_qr(bot: BotHarness) -> None:
    """A PSF makes a link (and QR code) for their group that a new peer can join with."""
    world = await Programme.build(bot)
    await bot.send(world.psf, group_texts.MENU_LABEL)
    await bot.press(world.psf, group_texts.INVITE_LINK)
    link_text = world.psf.last.text
    token = link_text.split("start=", 1)[1].split()[0]
    await bot.press(world.psf, group_texts.QR_CODE)
    assert world.psf.last.photo is not None
    newcomer = bot.user(9001, "Newcomer")
    await _join(bot, newcomer, token)
    assert "Welcome to Lavenham Circle" in newcomer.last.text


async def test_psf_adds_a_peer_without_telegram(bot: BotHarness) -> None:
    """A PSF adds a peer by name; a sticker or an empty name changes nothing."""
    world = await Programme.build(bot)
    await bot.send(world.psf, group_texts.MENU_LABEL)
    await bot.press(world.psf, group_texts.ADD_OFFLINE)
    world.psf.send_sticker()
    await bot.settle()
    assert world.psf.last.text == group_texts.NEED_TEXT_NAME
    await bot.send(world.psf, "x" * 100)
    assert world.psf.last.text == group_texts.OFFLINE_NAME_PROBLEM["too long"]
    await bot.send(world.psf, "  Margaret   S ")
    assert world.psf.last.text == group_texts.offline_added("Margaret S", "Lavenham Circle")
    await bot.send(world.psf, group_texts.MENU_LABEL)
    assert "Margaret S <i>(no Telegram" in world.psf.last.text


async def test_coordinator_makes_links_in_telegram(bot: BotHarness) -> None:
    """A coordinator picks a role and a group and gets a working link."""
    world = await Programme.build(bot, with_coordinator=True)
    coordinator = world.coordinator
    assert coordinator is not None
    await bot.send(coordinator, group_texts.COORD_MENU_LABEL)
    await bot.press(coordinator, group_texts.ROLE_LABELS["psf"])
    await bot.press(coordinator, "Lavenham Circle")
    token = coordinator.last.text.split("start=", 1)[1].split()[0]
    newcomer = bot.user(9100, "Nell")
    await _join(bot, newcomer, token)
    assert "facilitator of Lavenham Circle" in newcomer.last.text


async def test_peer_cannot_open_coordinator_or_psf_screens(bot: BotHarness) -> None:
    """A peer typing a PSF's or coordinator's button label gets no such screen."""
    world = await Programme.build(bot)
    for label in (group_texts.MENU_LABEL, group_texts.COORD_MENU_LABEL):
        await bot.send(world.peer, label)
        # Not understood as a screen of theirs: the likely choices are offered instead.
        assert world.peer.last.text == understanding_texts.UNSURE
    await bot.send(world.peer, "/links")
    assert world.peer.last.text == common_texts.NOT_ALLOWED


async def test_joining_end_to_end_over_http(bot_http: BotHarness) -> None:
    """Over HTTP, a PSF and three peers join by link at once and each gets a welcome."""
    bot = bot_http
    _, group = await _setup(bot)
    psf_link = await _invite(bot, Role.PSF, group=group)
    peer_link = await _invite(bot, Role.PEER, group=group)
    psf = bot.user(601, "Jean")
    peers = [bot.user(602 + n, name) for n, name in enumerate(("Ann", "Bob", "Carol"))]
    psf.send(f"/start {psf_link.token}")
    for peer in peers:
        peer.send(f"/start {peer_link.token}")
    await bot.settle()
    for user in (psf, *peers):
        user.press(joining_texts.AGREE)
    await bot.settle()
    await asyncio.sleep(0)
    assert "facilitator" in psf.last.text
    for peer in peers:
        assert "Welcome to Lavenham Circle" in peer.last.text
        assert peer.keyboard is not None


def test_admin_cli_sets_up_a_programme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Coordinator commands add an area and group, make links, import peers, and refuse nonsense."""
    from typer.testing import CliRunner  # noqa: PLC0415 - only this test needs it

    from bot.cli import cli  # noqa: PLC0415

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "admin.sqlite3"))
    monkeypatch.setenv("BOT_USERNAME", "PeerCircleBot")
    runner = CliRunner()

    def run(*args: str) -> tuple[int, str]:
        result = runner.invoke(cli, ["admin", *args])
        return result.exit_code, result.output

    assert run("init")[0] == 0  # admin commands never create a database themselves
    assert run("area", "add", "South Suffolk")[0] == 0
    code, out = run("area", "add", "south suffolk")
    assert code == 1 and "already an area" in out
    assert run("group", "add", "Lavenham Circle", "--area", "south-suffolk")[0] == 0
    code, out = run("group", "add", "Other", "--area", "Nowhere")
    assert code == 1 and "no area called 'Nowhere'" in out
    code, out = run("invite", "--role", "psf", "--group", "Lavenham Circle", "--qr", "q.png")
    assert code == 0
    links = [
        line for line in out.splitlines() if line.startswith("https://t.me/PeerCircleBot?start=")
    ]
    assert len(links) == 1 and (tmp_path / "q.png").read_bytes()[:4] == b"\x89PNG"
    code, out = run("invite", "--role", "nurse", "--area", "1", "--backup")
    assert code == 0
    code, out = run("invite", "--role", "peer")
    assert code == 1 and "needs --group" in out
    (tmp_path / "bad.csv").write_text("name\nAnn\n\nAnn\n" + "x" * 90 + "\n")
    code, out = run("peers", "import", "bad.csv", "--group", "1")
    assert code == 1 and "line 4: 'Ann' appears twice" in out and "line 5" in out
    (tmp_path / "ok.csv").write_text("name,notes\nAnn Clarke,\nBob Harris,prefers phone\n")
    code, out = run("peers", "import", "ok.csv", "--group", "Lavenham Circle")
    assert code == 0 and "Made 2 personal links" in out
    assert (tmp_path / "ok-links.csv").read_text().count("https://t.me/") == 2
    code, out = run("list", "invites")
    assert "Ann Clarke" in out
    token = links[0].rsplit("=", 1)[1]
    assert run("revoke", token)[0] == 0
    code, out = run("revoke", token)
    assert code == 1 and "already withdrawn" in out
    code, out = run("list", "areas")
    assert "South Suffolk" in out
