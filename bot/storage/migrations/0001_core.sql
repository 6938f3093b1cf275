-- The core model: programme structure, people and their roles, invitations, consent,
-- what a person is expected to type next, and the one table of everything the bot will send.
-- Every *_at column is UTC text "YYYY-MM-DDTHH:MM:SSZ" (see bot/storage/times.py).

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE areas (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    slug       TEXT NOT NULL UNIQUE,
    timezone   TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE groups (
    id         INTEGER PRIMARY KEY,
    area_id    INTEGER NOT NULL REFERENCES areas (id),
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    venue      TEXT,
    start_date TEXT,
    status     TEXT NOT NULL DEFAULT 'forming'
               CHECK (status IN ('forming', 'running', 'extended', 'ended')),
    created_at TEXT NOT NULL
);
CREATE INDEX groups_by_area ON groups (area_id);

-- A person is a Telegram user (telegram_id) or a peer without Telegram (telegram_id NULL).
-- /forget blanks display_name and telegram_id and sets forgotten_at; the row stays so that
-- anonymous counts (attendance) stay true.
CREATE TABLE people (
    id                INTEGER PRIMARY KEY,
    telegram_id       INTEGER UNIQUE,
    display_name      TEXT NOT NULL,
    is_coordinator    INTEGER NOT NULL DEFAULT 0,
    paused_at         TEXT,
    unreachable_at    TEXT,
    consent_version   INTEGER,
    consent_at        TEXT,
    forgotten_at      TEXT,
    created_at        TEXT NOT NULL
);

CREATE TABLE memberships (
    id         INTEGER PRIMARY KEY,
    group_id   INTEGER NOT NULL REFERENCES groups (id),
    person_id  INTEGER NOT NULL REFERENCES people (id),
    role       TEXT NOT NULL CHECK (role IN ('peer', 'psf')),
    joined_at  TEXT NOT NULL,
    left_at    TEXT,
    UNIQUE (group_id, person_id)
);
CREATE INDEX memberships_by_person ON memberships (person_id);

CREATE TABLE area_nurses (
    area_id    INTEGER NOT NULL REFERENCES areas (id),
    person_id  INTEGER NOT NULL REFERENCES people (id),
    is_backup  INTEGER NOT NULL DEFAULT 0,
    away_from  TEXT,
    away_until TEXT,
    joined_at  TEXT NOT NULL,
    PRIMARY KEY (area_id, person_id)
);
CREATE INDEX area_nurses_by_person ON area_nurses (person_id);

CREATE TABLE invites (
    token         TEXT PRIMARY KEY,
    role          TEXT NOT NULL CHECK (role IN ('peer', 'psf', 'nurse', 'coordinator')),
    group_id      INTEGER REFERENCES groups (id),
    area_id       INTEGER REFERENCES areas (id),
    is_backup     INTEGER NOT NULL DEFAULT 0,
    personal_name TEXT,
    max_uses      INTEGER NOT NULL CHECK (max_uses >= 1),
    uses          INTEGER NOT NULL DEFAULT 0,
    expires_at    TEXT NOT NULL,
    revoked_at    TEXT,
    created_by    INTEGER REFERENCES people (id),
    created_at    TEXT NOT NULL,
    CHECK (role IN ('peer', 'psf') AND group_id IS NOT NULL
           OR role = 'nurse' AND area_id IS NOT NULL
           OR role = 'coordinator')
);

-- A join waiting for the privacy notice to be agreed: nothing else is stored until Agree.
CREATE TABLE pending_joins (
    telegram_id INTEGER PRIMARY KEY,
    token       TEXT NOT NULL REFERENCES invites (token),
    created_at  TEXT NOT NULL
);

-- What free text (or photo, voice note) the bot is waiting for from a person, if anything.
CREATE TABLE awaiting (
    person_id  INTEGER PRIMARY KEY REFERENCES people (id),
    kind       TEXT NOT NULL,
    payload    TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL
);

-- Everything the bot sends on its own initiative is a row here first: reminders, notices to
-- other members, concerns for a nurse, check-in prompts. The delivery sweep claims due rows,
-- sends them through the one outbound path, and marks them sent. The unique key makes a
-- second scheduling of the same message a no-op.
CREATE TABLE deliveries (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    person_id   INTEGER NOT NULL REFERENCES people (id),
    subject_id  INTEGER NOT NULL DEFAULT 0,
    variant     TEXT NOT NULL DEFAULT '',
    priority    INTEGER NOT NULL DEFAULT 0,
    due_at      TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'sending', 'sent', 'dropped', 'failed')),
    payload     TEXT,
    attempts    INTEGER NOT NULL DEFAULT 0,
    claimed_at  TEXT,
    sent_at     TEXT,
    message_id  INTEGER,
    outcome     TEXT,
    UNIQUE (kind, person_id, subject_id, variant)
);
CREATE INDEX deliveries_due ON deliveries (state, due_at);
CREATE INDEX deliveries_by_subject ON deliveries (kind, subject_id);
