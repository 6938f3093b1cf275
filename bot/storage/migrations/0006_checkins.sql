-- One-minute check-ins after each meeting (issue 6): each PSF's answers, the attendance the
-- group's PSFs share, peers' one-tap feedback, and each group's "we missed you" setting.
-- The prompts, reminders, peers' messages and the "last time" recap are rows in `deliveries`
-- (kinds 'kprompt', 'kremind', 'kfeedback', 'kmissed', 'krecap'; subject = a meeting).

-- Meetings whose check-in prompts have been arranged (done once, when the meeting starts).
CREATE TABLE checkin_rounds (
    meeting_id  INTEGER PRIMARY KEY REFERENCES meetings (id),
    arranged_at TEXT NOT NULL
);

-- What the group's PSFs recorded together about a meeting: did it happen, and the people who
-- came but are not on the list. Co-facilitators share it: one marks, the other confirms.
CREATE TABLE meeting_attendance (
    meeting_id       INTEGER PRIMARY KEY REFERENCES meetings (id),
    met              INTEGER NOT NULL DEFAULT 1 CHECK (met IN (0, 1)),
    not_met_reason   TEXT,  -- a key of bot.checkins.NotMet when met = 0
    without_telegram INTEGER NOT NULL DEFAULT 0 CHECK (without_telegram BETWEEN 0 AND 99),
    newcomers        INTEGER NOT NULL DEFAULT 0 CHECK (newcomers BETWEEN 0 AND 99),
    confirmed_by     INTEGER REFERENCES people (id),  -- the first PSF who tapped Done
    confirmed_at     TEXT,
    updated_by       INTEGER REFERENCES people (id),
    updated_at       TEXT NOT NULL
);

-- Who came, per peer on the group's list. Kept after /forget (the person row is blanked), so
-- attendance numbers stay true.
CREATE TABLE attendance_marks (
    meeting_id INTEGER NOT NULL REFERENCES meetings (id),
    person_id  INTEGER NOT NULL REFERENCES people (id),
    present    INTEGER NOT NULL CHECK (present IN (0, 1)),
    marked_by  INTEGER REFERENCES people (id),
    marked_at  TEXT NOT NULL,
    PRIMARY KEY (meeting_id, person_id)
);

-- One check-in per PSF per meeting. Each step is saved as it is answered; NULL = not answered
-- yet, '' = skipped. /forget blanks the words and the person (the faces and chips stay, nameless).
CREATE TABLE checkins (
    id            INTEGER PRIMARY KEY,
    meeting_id    INTEGER NOT NULL REFERENCES meetings (id),
    group_id      INTEGER NOT NULL REFERENCES groups (id),
    person_id     INTEGER REFERENCES people (id),
    attendance_at TEXT,     -- this PSF confirmed who came (or that the group didn't meet)
    mood          INTEGER CHECK (mood BETWEEN 1 AND 5),
    went_well     TEXT,
    less_well     TEXT,
    obstacles     TEXT NOT NULL DEFAULT '',  -- comma-separated keys of bot.checkins.Obstacle
    obstacles_at  TEXT,     -- the chips were confirmed (Done)
    wants_nurse   INTEGER CHECK (wants_nurse IN (0, 1)),
    concern_id    INTEGER REFERENCES concerns (id),
    completed_at  TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    UNIQUE (meeting_id, person_id)
);
CREATE INDEX checkins_by_group ON checkins (group_id, meeting_id);
CREATE INDEX checkins_by_person ON checkins (person_id);

-- Peers' "How was today?" after a meeting they attended. /forget removes the person.
CREATE TABLE peer_feedback (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id),
    person_id   INTEGER REFERENCES people (id),
    rating      TEXT NOT NULL CHECK (rating IN ('helpful', 'ok', 'not_for_me')),
    answered_at TEXT NOT NULL,
    UNIQUE (meeting_id, person_id)
);

-- A group's choices about check-ins; without a row, the defaults apply.
CREATE TABLE checkin_settings (
    group_id   INTEGER PRIMARY KEY REFERENCES groups (id),
    missed_you INTEGER NOT NULL DEFAULT 1 CHECK (missed_you IN (0, 1)),
    updated_by INTEGER REFERENCES people (id),
    updated_at TEXT NOT NULL
);
