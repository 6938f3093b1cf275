"""All repositories, bound to the connection of one transaction (see Database.transaction)."""

from __future__ import annotations

from functools import cached_property

import aiosqlite

from bot.checkins.repo import CheckinRepo
from bot.concerns.contact_repo import ContactOfferRepo
from bot.concerns.repo import ConcernRepo
from bot.export.repo import ExportRepo
from bot.lifecycle.repo import LifecycleRepo
from bot.meetings.repo import MeetingRepo, ReminderRepo
from bot.membership.repo import InviteRepo
from bot.oversight.repo import WarningRepo
from bot.sessions.ideas_repo import SuggestionRepo
from bot.sessions.plans_repo import SessionPlanRepo
from bot.storage.awaiting import AwaitingRepo
from bot.storage.base import TransactionNotes
from bot.storage.deliveries import DeliveryRepo
from bot.storage.meta import MetaRepo
from bot.storage.people import PeopleRepo
from bot.storage.programme import ProgrammeRepo
from bot.storage.sweep_work import SweepWorkRepo
from bot.tasks.repo import TaskRepo


class Repos:
    """One attribute per repository; add new ones here.

    The one module of storage that knows every feature: it composes their repositories.
    """

    def __init__(self, conn: aiosqlite.Connection, notes: TransactionNotes | None = None) -> None:
        self._conn = conn
        self.notes = notes or TransactionNotes()

    def sweep_soon(self) -> None:
        """The core wrote work a sweep step arranges (not a delivery): sweep once committed."""
        self.notes.sweep_wanted = True

    @cached_property
    def meta(self) -> MetaRepo:
        return MetaRepo(self._conn, self.notes)

    @cached_property
    def programme(self) -> ProgrammeRepo:
        return ProgrammeRepo(self._conn, self.notes)

    @cached_property
    def people(self) -> PeopleRepo:
        return PeopleRepo(self._conn, self.notes)

    @cached_property
    def invites(self) -> InviteRepo:
        return InviteRepo(self._conn, self.notes)

    @cached_property
    def awaiting(self) -> AwaitingRepo:
        return AwaitingRepo(self._conn, self.notes)

    @cached_property
    def deliveries(self) -> DeliveryRepo:
        return DeliveryRepo(self._conn, self.notes)

    @cached_property
    def concerns(self) -> ConcernRepo:
        return ConcernRepo(self._conn, self.notes)

    @cached_property
    def contact_offers(self) -> ContactOfferRepo:
        return ContactOfferRepo(self._conn, self.notes)

    @cached_property
    def suggestions(self) -> SuggestionRepo:
        return SuggestionRepo(self._conn, self.notes)

    @cached_property
    def meetings(self) -> MeetingRepo:
        return MeetingRepo(self._conn, self.notes)

    @cached_property
    def reminders(self) -> ReminderRepo:
        return ReminderRepo(self._conn, self.notes)

    @cached_property
    def checkins(self) -> CheckinRepo:
        return CheckinRepo(self._conn, self.notes)

    @cached_property
    def session_plans(self) -> SessionPlanRepo:
        return SessionPlanRepo(self._conn, self.notes)

    @cached_property
    def export(self) -> ExportRepo:
        return ExportRepo(self._conn, self.notes)

    @cached_property
    def sweep_work(self) -> SweepWorkRepo:
        return SweepWorkRepo(self._conn, self.notes)

    @cached_property
    def warnings(self) -> WarningRepo:
        return WarningRepo(self._conn, self.notes)

    @cached_property
    def tasks(self) -> TaskRepo:
        return TaskRepo(self._conn, self.notes)

    @cached_property
    def lifecycle(self) -> LifecycleRepo:
        return LifecycleRepo(self._conn, self.notes)
