"""The words of the emergency answer, one per kind: numbers first, short plain sentences.

The "while you wait" lines say only what these NHS pages say (see content/README.md):
- hypo: nhs.uk "Low blood sugar (hypoglycaemia)" — a sugary drink or snack if they can swallow;
  call 999 if they pass out, have a fit or cannot eat or drink safely;
- stroke: nhs.uk "Stroke — symptoms" — call 999 straight away, even if the symptoms go away;
- heart attack: nhs.uk "Heart attack — treatment" — sit down and rest; chew and swallow an
  adult 300 mg aspirin if not allergic to it;
- suicidal thoughts and self-harm: nhs.uk "Get help for suicidal thoughts" and Samaritans —
  999 or A&E if life is at risk now, Samaritans 116 123 (free, any time), NHS 111 for urgent
  mental health help.
Numbers come from settings, so a programme can change them; they are escaped as HTML.
"""

from __future__ import annotations

from html import escape

from bot.understanding.safety import EmergencyKind

SAMARITANS_NUMBER = "116 123"

NOT_A_MEDICAL_SERVICE = (
    "Peer Circle is not a medical service. Nobody watches these messages all day."
)

_LIFE_AT_RISK = "⚠️ <b>If someone is in danger or very ill right now, call {emergency}.</b>"

_WHAT_TO_DO: dict[EmergencyKind, tuple[str, ...]] = {
    EmergencyKind.HYPO: (
        "⚠️ <b>Call {emergency} if they pass out, have a fit, or cannot eat or drink safely.</b>",
        "If they can swallow safely, have a sugary drink or a few sweets now. "
        "A small glass of fruit juice will do.",
        "Check the sugar again after 10 to 15 minutes.",
    ),
    EmergencyKind.HIGH_SUGAR: (
        _LIFE_AT_RISK,
        "Very high sugar with sickness, fast breathing or sleepiness needs help today. "
        "Call {urgent} now if it is not an emergency.",
    ),
    EmergencyKind.STROKE: (
        "⚠️ <b>This could be a stroke. Call {emergency} now.</b>",
        "Call even if the signs go away while you wait.",
    ),
    EmergencyKind.HEART: (
        "⚠️ <b>This could be a heart attack. Call {emergency} now.</b>",
        "Sit down and rest while you wait.",
        "If you are not allergic to aspirin, chew and swallow one 300 mg aspirin.",
    ),
    EmergencyKind.BREATHING: (_LIFE_AT_RISK,),
    EmergencyKind.COLLAPSE: (_LIFE_AT_RISK,),
    EmergencyKind.SEIZURE: (_LIFE_AT_RISK,),
    EmergencyKind.OVERDOSE: (
        _LIFE_AT_RISK,
        "If someone took too much insulin or too many tablets, call {urgent} now for advice.",
    ),
    EmergencyKind.SUICIDAL: (
        "⚠️ <b>If you might act on these thoughts now, call {emergency}.</b>",
        "You can call Samaritans on <b>{samaritans}</b>. It is free, day or night.",
        "For urgent mental health help, call {urgent}.",
        "You do not have to go through this alone.",
    ),
    EmergencyKind.SELF_HARM: (
        "⚠️ <b>If you are badly hurt, or might act on these thoughts now, call {emergency}.</b>",
        "You can call Samaritans on <b>{samaritans}</b>. It is free, day or night.",
        "For urgent mental health help, call {urgent}.",
    ),
    EmergencyKind.OTHER: (_LIFE_AT_RISK,),
}

# The same advice when the writer is with someone else in danger.
_FOR_SOMEONE_ELSE: dict[EmergencyKind, tuple[str, ...]] = {
    EmergencyKind.HEART: (
        "⚠️ <b>This could be a heart attack. Call {emergency} now.</b>",
        "Help them sit down and rest while you wait.",
        "If they are not allergic to aspirin, they can chew and swallow one 300 mg aspirin.",
    ),
}

_FOR_ADVICE = "For urgent advice that is not an emergency, call {urgent}."


def emergency_answer(
    kind: EmergencyKind,
    emergency_number: str = "999",
    urgent_number: str = "NHS 111",
    samaritans_number: str = SAMARITANS_NUMBER,
    *,
    about_self: bool = True,
) -> str:
    """The first answer to a message that sounds like `kind` of emergency (Telegram HTML)."""
    numbers = {
        "emergency": escape(emergency_number, quote=False),
        "urgent": escape(urgent_number, quote=False),
        "samaritans": escape(samaritans_number, quote=False),
    }
    lines = list(
        _WHAT_TO_DO[kind] if about_self else _FOR_SOMEONE_ELSE.get(kind, _WHAT_TO_DO[kind])
    )
    if not any("{urgent}" in line for line in lines):
        lines.append(_FOR_ADVICE)
    body = "\n".join(line.format(**numbers) for line in lines)
    return f"{body}\n\n{NOT_A_MEDICAL_SERVICE}"


def all_sentences(text: str) -> list[str]:
    """The plain sentences of an answer (tags and emoji left out), for readability checks."""
    plain = text.replace("<b>", "").replace("</b>", "").replace("⚠️", "")
    sentences: list[str] = []
    for line in plain.splitlines():
        for part in line.replace("!", ".").split(". "):
            sentence = part.strip().rstrip(".")
            if sentence:
                sentences.append(sentence)
    return sentences


# --- everyday words understood outside any step ------------------------------------------------

THANKS_REPLY = "You're welcome! 😊"
GOODBYE_REPLY = "Goodbye for now — take care!"
UNSURE = "I'm not sure I understood. Did you mean one of these?\nOr choose from the buttons below."
STOP_EXPLAINED = (
    "You can pause all messages for a while and stay in your group, or leave a group. Choose below."
)


def hello(first_name: str) -> str:
    return (
        f"Hello {escape(first_name, quote=False)}! Choose from the buttons below, or just type — "
        "for example <i>when's the next meeting</i>."
    )


def who_runs(names: list[str]) -> str:
    if not names:
        return "Your group's facilitators will be named here once they have joined."
    who = " and ".join(f"<b>{escape(name, quote=False)}</b>" for name in names)
    return (
        f"Your group is run by {who}. Facilitators are volunteers who live with diabetes too. "
        "You can talk to them at a meeting."
    )


def feeling_low(names: list[str], samaritans_number: str) -> str:
    who = " or ".join(escape(name, quote=False) for name in names) or "your facilitator"
    return (
        "I'm sorry you're feeling low. Thank you for telling me. 💙\n\n"
        f"Talking can help. You could tell {who} at the next meeting, or ask them to call you.\n"
        f"Samaritans are there day or night on <b>{escape(samaritans_number, quote=False)}</b>. "
        "The call is free.\n\n"
        "Here is some support near you:"
    )


CHOICE_LABELS: dict[str, str] = {
    "next_meeting": "📅 When is the next meeting?",
    "cant_come": "❌ I can't come",
    "will_come": "✅ I'll be there",
    "feeling_low": "💙 I'm feeling low",
    "find_help": "📚 Find local help",
    "topic_idea": "💡 Suggest a topic",
    "thanks": "🙏 Just saying thanks",
    "hello": "👋 Just saying hello",
    "goodbye": "👋 Goodbye",
    "stop_messages": "🔕 Fewer messages",
    "who_runs_group": "👥 Who runs the group?",
    "help": "❓ Help",
    "find_session_ideas": "💡 Session ideas",
    "who_is_coming": "🙋 Who is coming?",
    "talk_to_nurse": "🩺 Contact the nurse",
    "invite_someone": "🔗 Invite someone",
    "open_concerns": "🩺 Open concerns",
}
