-- What the bot suggested for each meeting and what the PSFs chose (issue 5, part 2).
-- One row per meeting, made when its suggestion first goes to the PSFs. It answers "which
-- icebreakers has the group used" and "which topics has it covered". The chosen topic is also
-- written on the meeting (meetings.topic_key / topic_title), where the reminders read it.
-- Suggestions to PSFs themselves are rows in `deliveries` (kind 'topicidea', subject: meeting).
CREATE TABLE session_plans (
    meeting_id     INTEGER PRIMARY KEY REFERENCES meetings (id),
    group_id       INTEGER NOT NULL REFERENCES groups (id),
    session_number INTEGER NOT NULL,  -- "session k" of the group as it was when suggested
    suggested_kind TEXT NOT NULL CHECK (suggested_kind IN ('session', 'topic')),
    suggested_key  TEXT NOT NULL,     -- a curriculum session's or library topic's key
    icebreaker_key TEXT NOT NULL,     -- suggested, or the one a PSF switched to
    icebreaker_by  INTEGER REFERENCES people (id),
    chosen_kind    TEXT CHECK (chosen_kind IN ('session', 'topic')),
    chosen_key     TEXT,
    chosen_by      INTEGER REFERENCES people (id),
    chosen_at      TEXT,
    sent_at        TEXT,              -- when it last went to the PSFs
    sent_for       TEXT,              -- the meeting's start at that moment (to spot a far move)
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX session_plans_by_group ON session_plans (group_id);
CREATE INDEX meetings_by_start ON meetings (starts_at);  -- the suggestions sweep looks days ahead
