"""Seed a programme straight into the database, for tests about features other than joining.

world = await Programme.build(bot)   # one area, nurse, group, two PSFs, three peers
await bot.send(world.psf, "/start")
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.devserver import SimUser
from bot.membership.invites import PRIVACY_NOTICE_VERSION
from bot.models import Area, Group, Role
from tests.harness import BotHarness

NOTICE_VERSION = PRIVACY_NOTICE_VERSION


@dataclass
class Programme:
    bot: BotHarness
    area: Area
    group: Group
    person_ids: dict[int, int] = field(default_factory=dict)  # telegram id -> person id
    psfs: list[SimUser] = field(default_factory=list)
    peers: list[SimUser] = field(default_factory=list)
    nurse: SimUser | None = None
    coordinator: SimUser | None = None

    @property
    def psf(self) -> SimUser:
        return self.psfs[0]

    @property
    def peer(self) -> SimUser:
        return self.peers[0]

    def person_id(self, user: SimUser) -> int:
        return self.person_ids[user.id]

    @classmethod
    async def build(
        cls,
        bot: BotHarness,
        *,
        area_name: str = "Babergh",
        group_name: str = "Lavenham Circle",
        psfs: int = 2,
        peers: int = 3,
        first_id: int = 1000,
        with_nurse: bool = True,
        with_coordinator: bool = False,
    ) -> Programme:
        """An area with a nurse, and a group with PSFs and peers who have all agreed."""
        now = bot.clock.now()
        async with bot.services.db.transaction() as repos:
            area = await repos.programme.area_named(area_name)
            if area is None:
                area = await repos.programme.add_area(
                    name=area_name,
                    slug=area_name.lower().replace(" ", "-"),
                    timezone="Europe/London",
                    now=now,
                )
            group = await repos.programme.add_group(
                name=group_name, area_id=area.id, venue="Village Hall", start_date=None, now=now
            )
        world = cls(bot=bot, area=area, group=group)
        next_id = first_id
        for n in range(psfs):
            world.psfs.append(await world.add_member(Role.PSF, next_id, f"Psf{n + 1}"))
            next_id += 1
        for n in range(peers):
            world.peers.append(await world.add_member(Role.PEER, next_id, f"Peer{n + 1}"))
            next_id += 1
        if with_nurse:
            world.nurse = await world.add_nurse(next_id, "Nurse")
            next_id += 1
        if with_coordinator:
            world.coordinator = await world.add_person(next_id, "Coordinator", coordinator=True)
        return world

    async def add_person(
        self, telegram_id: int, first_name: str, *, coordinator: bool = False
    ) -> SimUser:
        user = self.bot.user(telegram_id, first_name)
        now = self.bot.clock.now()
        async with self.bot.services.db.transaction() as repos:
            person = await repos.people.add(
                display_name=first_name,
                telegram_id=telegram_id,
                is_coordinator=coordinator,
                now=now,
            )
            await repos.people.record_consent(person.id, NOTICE_VERSION, now)
        self.person_ids[telegram_id] = person.id
        # A real user has opened the chat before the bot can write to them.
        user.has_chat = True
        return user

    async def add_member(self, role: Role, telegram_id: int, first_name: str) -> SimUser:
        user = await self.add_person(telegram_id, first_name)
        async with self.bot.services.db.transaction() as repos:
            await repos.people.join_group(
                group_id=self.group.id,
                person_id=self.person_ids[telegram_id],
                role=role,
                now=self.bot.clock.now(),
            )
        return user

    async def add_nurse(
        self, telegram_id: int, first_name: str, *, backup: bool = False
    ) -> SimUser:
        user = await self.add_person(telegram_id, first_name)
        async with self.bot.services.db.transaction() as repos:
            await repos.people.add_nurse(
                area_id=self.area.id,
                person_id=self.person_ids[telegram_id],
                is_backup=backup,
                now=self.bot.clock.now(),
            )
        return user
