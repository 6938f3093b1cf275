-- Looking after many groups (issue 13): early warnings for the nurse, the weekly digest,
-- co-facilitation tasks and cover, and each group's life cycle.
-- Every *_at column is UTC text "YYYY-MM-DDTHH:MM:SSZ". Warnings, digests, task reminders and
-- life-cycle messages are rows in `deliveries` (kinds 'warning', 'digest', 'digestchart',
-- 'taskremind', 'taskopen', 'psfaway', 'lcdecide', 'lccome', 'lcending', 'lcfarewell',
-- 'lcstay'); their subject is a warning, an area, a meeting, a group or a membership.

-- An early warning about a group. One row per time a rule starts to fire: it is 'open' until
-- the nurse dismisses it (with a reason) and stays active until the rule stops firing
-- (cleared_at), so a lasting problem reaches the nurse once, and a new one again.
CREATE TABLE warnings (
    id              INTEGER PRIMARY KEY,
    group_id        INTEGER NOT NULL REFERENCES groups (id),
    area_id         INTEGER NOT NULL REFERENCES areas (id),
    rule            TEXT NOT NULL,
    detail          TEXT NOT NULL DEFAULT '',
    raised_at       TEXT NOT NULL,
    dismissed_at    TEXT,
    dismissed_by    INTEGER REFERENCES people (id),
    dismiss_reason  TEXT,
    cleared_at      TEXT
);
CREATE INDEX warnings_by_group ON warnings (group_id, rule, cleared_at);
CREATE INDEX warnings_by_area ON warnings (area_id, raised_at);

-- A group's own task list for its meetings; without rows, the default list applies.
CREATE TABLE group_tasks (
    group_id   INTEGER NOT NULL REFERENCES groups (id),
    position   INTEGER NOT NULL,
    label      TEXT NOT NULL,
    PRIMARY KEY (group_id, position)
);

-- The tasks of one meeting (copied from the group's list when first looked at) and who has
-- each. /forget unlinks the person.
CREATE TABLE meeting_tasks (
    meeting_id INTEGER NOT NULL REFERENCES meetings (id),
    position   INTEGER NOT NULL,
    label      TEXT NOT NULL,
    person_id  INTEGER REFERENCES people (id),
    claimed_at TEXT,
    PRIMARY KEY (meeting_id, position)
);

-- A PSF who can't make a meeting.
CREATE TABLE psf_absences (
    meeting_id INTEGER NOT NULL REFERENCES meetings (id),
    person_id  INTEGER NOT NULL REFERENCES people (id),
    at         TEXT NOT NULL,
    PRIMARY KEY (meeting_id, person_id)
);

-- Where each group stands in its life: forming → running → (extended) → ending → ended.
-- Without a row a group is where groups.status says. `last_meeting_id` is the session the
-- group ends with (set when it starts ending); `archived_at` makes it read-only.
CREATE TABLE group_stages (
    group_id        INTEGER PRIMARY KEY REFERENCES groups (id),
    stage           TEXT NOT NULL
                    CHECK (stage IN ('forming', 'running', 'extended', 'ending', 'ended')),
    decision        TEXT CHECK (decision IN ('extend', 'end')),
    decided_by      INTEGER REFERENCES people (id),
    decided_at      TEXT,
    archived_at     TEXT,
    updated_at      TEXT NOT NULL
);

-- Every life-cycle and task step with its time: the research export reads it without names.
-- kind: stage, decision, would_come, how_was_it, stay_answer, claim, unclaim, cant_make_it,
-- task_list. `value` holds the answer or the new stage; /forget unlinks the person.
CREATE TABLE group_events (
    id         INTEGER PRIMARY KEY,
    group_id   INTEGER NOT NULL REFERENCES groups (id),
    meeting_id INTEGER REFERENCES meetings (id),
    person_id  INTEGER REFERENCES people (id),
    role       TEXT NOT NULL DEFAULT 'system',
    kind       TEXT NOT NULL,
    value      TEXT NOT NULL DEFAULT '',
    at         TEXT NOT NULL
);
CREATE INDEX group_events_by_group ON group_events (group_id, kind, at);
CREATE INDEX group_events_by_person ON group_events (person_id);
