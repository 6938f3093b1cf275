"""The suggestion card and the topic lists, with their buttons (delivery renderer and handlers).

Button data is untrusted when it comes back: handlers check the meeting against bot.auth
(CHOOSE_TOPIC) and the content keys against the content before acting on them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.content import Content
from bot.messages import Button, OutMessage, buttons
from bot.sessions import texts
from bot.sessions.buttons import NO_KEY, CardButton, CardStep, IdeaButton, IdeaStep, Shown
from bot.sessions.plans import Choice, PlanView
from bot.sessions.records import TopicKind

PER_PAGE = 8  # topics listed per page


def shown_of(choice: Choice | None) -> tuple[Shown, str]:
    if choice is None:
        return Shown.NONE, NO_KEY
    return Shown(choice.kind.value), choice.key


def _button(label: str, step: CardStep, meeting_id: int, choice: Choice | None = None) -> Button:
    kind, key = shown_of(choice)
    return Button(label, data=CardButton(step, meeting_id, kind, key).pack())


def card_message(view: PlanView, now: datetime) -> OutMessage:
    """The suggestion for one meeting, as its PSFs see it."""
    shown = view.shown
    session = shown.session
    topic = shown.topic
    summary = session.summary if session else topic.summary if topic else ""
    prompts = session.prompts if session else topic.prompts if topic else ()
    ice = view.icebreaker
    text = texts.card(
        title=texts.card_title(
            view.group_name, view.meeting.starts_at, view.meeting.ends_at, view.tz, now
        ),
        chosen=(
            texts.chosen_so_far(view.chosen.title, view.chosen_by)
            if view.chosen and not view.shown_is_chosen
            else None
        ),
        session=texts.session_line(view.session_number),
        heading=texts.topic_heading(
            shown.title,
            session=shown.kind is TopicKind.SESSION,
            suggested=view.shown_is_suggested,
            chosen=view.shown_is_chosen,
            by=view.chosen_by,
        ),
        summary=summary,
        question=texts.first_question(prompts[0]) if prompts else None,
        asked=texts.asked_for(view.asked_for) if view.asked_for else None,
        icebreaker_text=texts.icebreaker(ice.title, ice.minutes, ice.how, ice.materials),
        ideas=texts.new_ideas(view.new_ideas),
        footer=texts.card_footer(shown_is_chosen=view.shown_is_chosen),
    )
    meeting_id = view.meeting.id
    rows: list[list[Button]] = []
    if not view.shown_is_chosen:
        rows.append([_button(texts.USE_THIS, CardStep.USE, meeting_id, shown)])
    rows.append([_button(texts.ANOTHER_TOPIC, CardStep.KINDS, meeting_id, shown)])
    rows.append([_button(texts.ANOTHER_ICEBREAKER, CardStep.ICE, meeting_id, shown)])
    if session is not None or topic is not None:
        label = texts.SESSION_GUIDE if session else texts.TOPIC_GUIDE
        rows.append([_button(label, CardStep.GUIDE, meeting_id, shown)])
    return OutMessage(text, buttons=buttons(*rows))


def kinds_message(meeting_id: int, back_to: Choice | None) -> OutMessage:
    """Another topic: from the six sessions, or the library."""

    def listing(label: str, kind: Shown) -> Button:
        return Button(label, data=CardButton(CardStep.LIST, meeting_id, kind).pack())

    rows = [
        [listing(texts.FROM_CURRICULUM, Shown.SESSION)],
        [listing(texts.FROM_LIBRARY, Shown.TOPIC)],
        [_button(texts.BACK, CardStep.SHOW, meeting_id, back_to)],
    ]
    return OutMessage(texts.CHOOSE_KIND, buttons=buttons(*rows))


def list_message(
    content: Content, meeting_id: int, kind: Shown, page: int, covered: frozenset[str]
) -> OutMessage:
    """The six sessions, or the library topics a page at a time (those the group had ticked)."""
    entries: Sequence[tuple[str, str]]
    if kind is Shown.SESSION:
        entries = [
            (s.key, texts.session_label(s.number, s.theme, s.short_title))
            for s in content.curriculum
        ]
        text = texts.SESSIONS_LIST
    else:
        entries = [
            (t.key, texts.list_label(t.title, t.short_title, had=t.key in covered))
            for t in content.topics
        ]
        text = texts.TOPICS_LIST
    pages = max(1, -(-len(entries) // PER_PAGE))
    page = min(page, pages - 1)
    shown = entries[page * PER_PAGE : (page + 1) * PER_PAGE]
    rows = [
        [Button(label, data=CardButton(CardStep.SHOW, meeting_id, kind, key).pack())]
        for key, label in shown
    ]
    nav = []
    if page > 0:
        nav.append(
            Button(
                texts.BACK,
                data=CardButton(CardStep.LIST, meeting_id, kind, NO_KEY, page - 1).pack(),
            )
        )
    else:
        nav.append(Button(texts.BACK, data=CardButton(CardStep.KINDS, meeting_id).pack()))
    if page + 1 < pages:
        nav.append(
            Button(
                texts.MORE,
                data=CardButton(CardStep.LIST, meeting_id, kind, NO_KEY, page + 1).pack(),
            )
        )
    rows.append(nav)
    if pages > 1:
        text = f"{text}\n\n{texts.page_line(page, pages)}"
    return OutMessage(text, buttons=buttons(*rows))


def idea_button(label: str, step: IdeaStep, group_id: int) -> Button:
    return Button(label, data=IdeaButton(step, group_id).pack())
