"""The privacy notice for a health study: each point it must make, for each role, and slips."""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

import pytest

from bot.config import DEFAULT_LAWFUL_BASIS, Settings
from bot.meetings.slips import SlipLine, build_slip_figure
from bot.membership import invites, joining_texts, privacy_texts
from bot.membership.privacy_texts import NoticeFacts, essentials, more, slip_notice
from bot.models import Role
from tests.builders import Programme
from tests.harness import BotHarness, make_settings
from tests.membership.test_joining import _invite, _setup

FACTS = NoticeFacts(
    sponsor="West Suffolk NHS Foundation Trust",
    sponsor_contact="research@wsh.nhs.uk",
    data_protection_officer="Jo Bloggs, dpo@wsh.nhs.uk",
    lawful_basis=DEFAULT_LAWFUL_BASIS,
)
ROLES = (Role.PEER, Role.PSF, Role.NURSE, Role.COORDINATOR)
SPONSOR_SETTINGS = {
    "study_sponsor": FACTS.sponsor,
    "study_sponsor_contact": FACTS.sponsor_contact,
    "data_protection_officer": FACTS.data_protection_officer,
}
# Each version's wording, as a fingerprint: change the words, and this test asks for a new
# version, so everyone is asked to agree again (see test_a_change_of_wording_needs_a_new_version).
PINNED = {2: "d2bcfd54b4783866"}


def whole(role: Role, facts: NoticeFacts = FACTS) -> str:
    return essentials(role, facts) + "\n" + more(role, facts)


def plain(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text)


@pytest.mark.parametrize("role", ROLES)
def test_who_holds_the_data_and_how_to_reach_them(role: Role) -> None:
    """The sponsor is named as in charge of the data, with its contact and its DPO."""
    text = whole(role)
    assert "West Suffolk NHS Foundation Trust runs this study" in essentials(role, FACTS)
    assert "data controller" in text
    assert "research@wsh.nhs.uk" in text
    assert "Data protection officer: Jo Bloggs, dpo@wsh.nhs.uk" in text


def test_the_lawful_basis_defaults_to_nhs_research_and_can_be_set(tmp_path: Path) -> None:
    """By default the notice gives the usual basis for NHS research; a setting replaces it."""
    default = NoticeFacts.from_settings(make_settings(tmp_path))
    assert "public interest" in more(Role.PEER, default)
    assert "Article 6(1)(e)" in more(Role.PEER, default)
    assert "Article 9(2)(j)" in more(Role.PEER, default)
    own = NoticeFacts.from_settings(make_settings(tmp_path, lawful_basis="You agreed to it."))
    assert "You agreed to it." in more(Role.PEER, own)


@pytest.mark.parametrize("role", [Role.PEER, Role.PSF])
def test_being_in_a_group_is_health_data_said_plainly(role: Role) -> None:
    """Peers and PSFs read that the group says something about their health: special category."""
    assert "shows you have diabetes" in essentials(role, FACTS)
    assert "special category data" in more(role, FACTS)
    assert "without names" in more(role, FACTS)


@pytest.mark.parametrize("role", ROLES)
def test_telegram_is_a_company_outside_the_uk(role: Role) -> None:
    """Everyone reads that messages pass through Telegram, outside the UK, and what it means."""
    assert "Telegram, a company outside the UK" in essentials(role, FACTS)
    assert "telegram.org/privacy" in more(role, FACTS)


@pytest.mark.parametrize("role", ROLES)
def test_what_others_write_about_you_and_who_sees_it(role: Role) -> None:
    """Each role reads what others write about them; peers hear of check-ins, concerns, photos."""
    text = more(role, FACTS)
    assert "What others write about you" in text
    peer = more(Role.PEER, FACTS)
    assert "tick who came" in peer and "study nurse" in peer
    assert "photo or a voice note" in peer
    assert "Only your facilitators and the nurse for your area see it" in peer


def test_how_long_each_kind_is_kept_and_after_the_study(tmp_path: Path) -> None:
    """Names and words, messages to the nurse, counts and research data each have their time."""
    facts = NoticeFacts.from_settings(
        make_settings(tmp_path, data_kept_after_study="two years", research_data_kept="10 years")
    )
    text = more(Role.PEER, facts)
    assert "for two years after the study ends. Then it is deleted." in text
    assert "Messages to the nurse" in text
    assert "Numbers without names" in text
    assert "Research data, without names: 10 years." in text


@pytest.mark.parametrize("role", ROLES)
def test_every_right_and_the_ico(role: Role) -> None:
    """See, take away, correct, restrict, object, erase; and how to complain to the ICO."""
    text = plain(more(role, FACTS))
    for right in ("See your data", "Take it with you", "Put it right", "Limit how we use it",
                  "object to it", "Have it deleted"):  # fmt: skip
        assert right in text
    assert "Information Commissioner's Office (ICO): ico.org.uk or 0303 123 1113" in text


@pytest.mark.parametrize("role", ROLES)
def test_leaving_never_affects_nhs_care(role: Role) -> None:
    """Both screens say leaving never affects NHS care."""
    assert "Leaving never affects your NHS care." in essentials(role, FACTS)
    assert "Leaving never affects your NHS care." in more(role, FACTS)


def test_each_role_reads_its_own_notice() -> None:
    """What is kept differs by role: a nurse's replies, a PSF's check-ins, a peer's answers."""
    assert "answers to meeting invites" in essentials(Role.PEER, FACTS)
    assert "check-ins after meetings" in essentials(Role.PSF, FACTS)
    assert "what you write back" in essentials(Role.NURSE, FACTS)
    assert len({essentials(role, FACTS) for role in ROLES}) == len(ROLES)


def test_unset_sponsor_reads_the_study_team_and_start_names_what_is_missing(
    tmp_path: Path,
) -> None:
    """Without the settings the notice says "the study team"; a line names each missing one."""
    settings = make_settings(tmp_path)
    gaps = settings.privacy_gaps()
    assert len(gaps) == 3
    assert any("STUDY_SPONSOR " in gap for gap in gaps)
    assert any("DATA_PROTECTION_OFFICER" in gap for gap in gaps)
    text = essentials(Role.PEER, NoticeFacts.from_settings(settings))
    assert text.splitlines()[2].startswith("The study team runs this study")
    assert make_settings(tmp_path, **SPONSOR_SETTINGS).privacy_gaps() == []


async def test_start_names_each_missing_privacy_setting(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Starting without the sponsor's settings logs one clear line for each; with them, none."""
    with caplog.at_level(logging.WARNING):
        async with BotHarness.fast(tmp_path / "bare"):
            pass
    lines = [r.getMessage() for r in caplog.records if "Privacy notice" in r.getMessage()]
    assert len(lines) == 3 and "STUDY_SPONSOR_CONTACT" in lines[1]
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        async with BotHarness.fast(tmp_path / "filled", **SPONSOR_SETTINGS):
            pass
    assert not [r for r in caplog.records if "Privacy notice" in r.getMessage()]
    assert Settings.model_fields["lawful_basis"].default == DEFAULT_LAWFUL_BASIS


def test_a_printed_slip_carries_the_short_notice() -> None:
    """People without Telegram read a short version on their slip and where to read the rest."""
    short = slip_notice(NoticeFacts(notice_url="example.nhs.uk/peer-circle", sponsor="The Trust"))
    assert "The Trust keeps your name and whether you came" in short
    assert "Leaving never affects your NHS care." in short
    assert "Read it all at example.nhs.uk/peer-circle" in short
    assert "Ask a facilitator" in slip_notice(FACTS)
    figure = build_slip_figure(
        group_name="Lavenham Circle",
        lines=[SlipLine("Tuesday 9 December, 10:30–12:00", "Lavenham Village Hall")],
        footer="Questions? Ask Jean at the group.\n" + short,
    )
    drawn = " ".join(t.get_text() for t in figure.texts)
    assert "Questions? Ask Jean" in drawn and "The Trust keeps your name" in drawn


async def test_joining_shows_the_essentials_then_more_with_agree(tmp_path: Path) -> None:
    """A PSF joining reads the essentials for PSFs; More shows the rest with Agree again."""
    async with BotHarness.fast(tmp_path, **SPONSOR_SETTINGS) as bot:
        _, group = await _setup(bot)
        invite = await _invite(bot, Role.PSF, group=group)
        jean = bot.user(101, "Jean")
        await bot.send(jean, f"/start {invite.token}")
        assert "check-ins after meetings" in jean.last.text
        await bot.press(jean, privacy_texts.MORE)
        assert "Who looks after your data" in jean.last.text
        assert "West Suffolk NHS Foundation Trust" in jean.last.text
        assert jean.last.buttons == [[joining_texts.AGREE], [joining_texts.NOT_NOW]]
        await bot.press(jean, joining_texts.AGREE)
        assert "you're now a facilitator" in jean.last.text


async def test_privacy_command_gives_the_notice_for_the_role(bot: BotHarness) -> None:
    """/privacy shows a nurse the nurse's notice, with More for the rest."""
    world = await Programme.build(bot)
    assert world.nurse is not None
    await bot.send(world.nurse, "/privacy")
    assert "what you write back" in world.nurse.last.text
    await bot.press(world.nurse, privacy_texts.MORE)
    assert "Facilitators name you" in world.nurse.last.text
    assert world.nurse.last.buttons == []


def test_a_change_of_wording_needs_a_new_version() -> None:
    """The notice's words are pinned to its version: new words, new version, everyone asked."""
    words = "\n".join(
        [*(whole(role) for role in ROLES), slip_notice(FACTS), joining_texts.UPDATED_NOTICE_INTRO]
    )
    fingerprint = hashlib.sha256(words.encode()).hexdigest()[:16]
    assert invites.PRIVACY_NOTICE_VERSION in PINNED, "add the new version's fingerprint"
    assert fingerprint == PINNED[invites.PRIVACY_NOTICE_VERSION], (
        f"The notice's words changed (fingerprint {fingerprint}). Raise PRIVACY_NOTICE_VERSION "
        "in bot/membership/invites.py so everyone is asked again, and pin the new fingerprint."
    )
