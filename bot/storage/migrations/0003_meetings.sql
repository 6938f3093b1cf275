-- Meetings (issue 4): saved venues, plans (a batch of dates saved at once), meetings, members'
-- answers, each group's reminder days, the planning wizard's drafts, and which memberships
-- have had their meeting reminders arranged. Reminders themselves are rows in `deliveries`
-- (kind 'reminder', subject_id = meeting id, variant '7d', '1d' …).

CREATE TABLE venues (
    id         INTEGER PRIMARY KEY,
    group_id   INTEGER NOT NULL REFERENCES groups (id),
    name       TEXT NOT NULL,
    address    TEXT NOT NULL DEFAULT '',
    notes      TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES people (id),
    created_at TEXT NOT NULL
);
CREATE INDEX venues_by_group ON venues (group_id);

-- The dates a PSF saved in one go: the "new dates" message to members lists a plan's meetings.
CREATE TABLE meeting_plans (
    id         INTEGER PRIMARY KEY,
    group_id   INTEGER NOT NULL REFERENCES groups (id),
    created_by INTEGER REFERENCES people (id),
    created_at TEXT NOT NULL
);

CREATE TABLE meetings (
    id          INTEGER PRIMARY KEY,
    group_id    INTEGER NOT NULL REFERENCES groups (id),
    plan_id     INTEGER REFERENCES meeting_plans (id),
    venue_id    INTEGER NOT NULL REFERENCES venues (id),
    starts_at   TEXT NOT NULL,
    ends_at     TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
    -- Rises on every change (time, place, cancellation) so calendars update the event.
    sequence    INTEGER NOT NULL DEFAULT 0,
    topic_key   TEXT,
    topic_title TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX meetings_by_group ON meetings (group_id, starts_at);
CREATE INDEX meetings_by_plan ON meetings (plan_id);

CREATE TABLE rsvps (
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id),
    person_id   INTEGER NOT NULL REFERENCES people (id),
    answer      TEXT NOT NULL CHECK (answer IN ('yes', 'maybe', 'no')),
    answered_at TEXT NOT NULL,
    PRIMARY KEY (meeting_id, person_id)
);

-- A group's own reminder days (PSFs choose them); without a row, REMINDER_OFFSETS_DAYS applies.
CREATE TABLE meeting_settings (
    group_id         INTEGER PRIMARY KEY REFERENCES groups (id),
    reminder_offsets TEXT NOT NULL,  -- days before the meeting, e.g. "7,1"; "" means none
    updated_at       TEXT NOT NULL
);

-- One half-finished plan, move or change of place per person. AUTOINCREMENT: ids are never
-- reused, so buttons of an abandoned draft can be told apart from the current one's.
CREATE TABLE meeting_drafts (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id         INTEGER NOT NULL UNIQUE REFERENCES people (id),
    purpose           TEXT NOT NULL CHECK (purpose IN ('plan', 'move', 'venue')),
    group_id          INTEGER NOT NULL REFERENCES groups (id),
    meeting_id        INTEGER REFERENCES meetings (id),
    pattern           TEXT,
    first_date        TEXT,
    start_time        TEXT,
    venue_id          INTEGER REFERENCES venues (id),
    count             INTEGER,
    picked            TEXT NOT NULL DEFAULT '',
    month             TEXT,
    new_venue_name    TEXT,
    new_venue_address TEXT,
    created_at        TEXT NOT NULL
);

-- Memberships (by when they began) whose reminders for the group's planned meetings have been
-- arranged: by the plan itself, or by the sweep for someone who joined after it.
CREATE TABLE meeting_joiners (
    group_id  INTEGER NOT NULL REFERENCES groups (id),
    person_id INTEGER NOT NULL REFERENCES people (id),
    joined_at TEXT NOT NULL,
    PRIMARY KEY (group_id, person_id, joined_at)
);
