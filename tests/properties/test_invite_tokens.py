"""Invitation tokens arrive as text after /start (or pasted into `admin revoke`): any text is
the invitation it names or a refusal ("unknown") — never an error, and never another
invitation. A token the bot makes survives its trip through a link."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.membership import invites
from bot.membership.invites import InviteProblem, JoinStep
from bot.models import Invite, Role
from bot.storage import Database
from tests.properties import ROUND_TRIPS

NOW = datetime(2026, 11, 4, 10, tzinfo=UTC)
SHARED_DATABASE = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
async def invited() -> AsyncIterator[tuple[Database, Invite]]:
    """A database holding one group and one open invitation to it."""
    db = Database(Path(":memory:"))
    await db.open()
    async with db.transaction() as repos:
        area = await repos.programme.add_area(
            name="Babergh", slug="babergh", timezone="Europe/London", now=NOW
        )
        group = await repos.programme.add_group(
            name="Lavenham Circle", area_id=area.id, venue="Hall", start_date=None, now=NOW
        )
        invite = await invites.create_invite(repos, role=Role.PEER, group=group, now=NOW)
    try:
        yield db, invite
    finally:
        await db.close()


def _near(token: str) -> st.SearchStrategy[str]:
    """Texts close to a real token: a character changed, cut short, padded, in another case."""
    return st.one_of(
        st.builds(
            lambda at, ch: token[:at] + ch + token[at + 1 :],
            st.integers(0, len(token) - 1),
            st.characters(),
        ),
        st.integers(0, len(token)).map(lambda at: token[:at]),
        st.sampled_from([token.upper(), token.lower(), f" {token}", f"{token} ", token * 2]),
    )


typed = st.text(max_size=80) | st.text(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_", max_size=70
)


@SHARED_DATABASE
@given(data=st.data())
async def test_any_text_after_start_is_that_invitation_or_refused(
    invited: tuple[Database, Invite], data: st.DataObject
) -> None:
    db, invite = invited
    text = data.draw(typed | _near(invite.token))
    async with db.transaction() as repos:
        outcome = await invites.begin_join(
            repos, telegram_id=1001, token=text, display_name="Ann", now=NOW
        )
        found = await repos.invites.get(text)
        await repos.invites.drop_held_join(1001)
    if text == invite.token:
        assert outcome.step is JoinStep.NEEDS_CONSENT
        assert found == invite
    else:
        assert outcome.step is JoinStep.REFUSED
        assert outcome.problem is InviteProblem.UNKNOWN
        assert found is None


@ROUND_TRIPS
@given(username=st.from_regex(r"[A-Za-z][A-Za-z0-9_]{3,31}", fullmatch=True))
def test_a_token_survives_its_link(username: str) -> None:
    token = invites.new_token()
    assert invites.TOKEN_SHAPE.fullmatch(token)
    link = invites.invite_link(username, token)
    assert parse_qs(urlsplit(link).query) == {"start": [token]}
    assert link.rsplit("start=", 1)[-1] == token  # what `admin revoke LINK` takes from it
    assert f"/start {token}".split()[1:] == [token]  # python-telegram-bot's context.args
