-- Escalation to the nurse (issue 7): concerns, every step of them, and when nurses work.
-- Every *_at column is UTC text "YYYY-MM-DDTHH:MM:SSZ"; *_date columns are local dates
-- "YYYY-MM-DD" in the area's time zone.

-- A concern a PSF raises for the nurse of their group's area. It is a 'draft' while the PSF
-- answers the questions, then 'queued' until it reaches a nurse, 'delivered', 'acknowledged'
-- and 'resolved'. A draft the PSF cancels is 'withdrawn'; one replaced by a newer draft of the
-- same PSF is 'abandoned'. Rows are never deleted: nothing raised is ever dropped.
CREATE TABLE concerns (
    id              INTEGER PRIMARY KEY,
    group_id        INTEGER NOT NULL REFERENCES groups (id),
    area_id         INTEGER NOT NULL REFERENCES areas (id),
    raised_by       INTEGER NOT NULL REFERENCES people (id),
    source          TEXT NOT NULL DEFAULT 'menu' CHECK (source IN ('menu', 'checkin')),
    urgent          INTEGER NOT NULL DEFAULT 0,
    category        TEXT,
    description     TEXT,
    file_kind       TEXT CHECK (file_kind IN ('photo', 'voice')),
    file_id         TEXT,
    state           TEXT NOT NULL DEFAULT 'draft'
                    CHECK (state IN ('draft', 'queued', 'delivered', 'acknowledged',
                                     'resolved', 'withdrawn', 'abandoned')),
    nurse_id        INTEGER REFERENCES people (id),  -- the nurse it is with now
    outcome         TEXT,
    created_at      TEXT NOT NULL,
    urgent_at       TEXT,
    raised_at       TEXT,
    delivered_at    TEXT,
    acknowledged_at TEXT,
    acknowledged_by INTEGER REFERENCES people (id),
    resolved_at     TEXT,
    resolved_by     INTEGER REFERENCES people (id)
);
CREATE INDEX concerns_by_area ON concerns (area_id, state);
CREATE INDEX concerns_by_raiser ON concerns (raised_by, state);

-- Every step of a concern with its time and who did it: the nurse's thread view and, without
-- names, the research export. `text` holds what someone wrote (a reply, the outcome) and is
-- erased when that person asks to be forgotten; `role` says in what capacity they acted.
CREATE TABLE concern_events (
    id         INTEGER PRIMARY KEY,
    concern_id INTEGER NOT NULL REFERENCES concerns (id),
    at         TEXT NOT NULL,
    kind       TEXT NOT NULL,
    person_id  INTEGER REFERENCES people (id),
    role       TEXT NOT NULL CHECK (role IN ('psf', 'nurse', 'backup', 'system')),
    text       TEXT,
    file_kind  TEXT CHECK (file_kind IN ('photo', 'voice')),
    file_id    TEXT
);
CREATE INDEX concern_events_by_concern ON concern_events (concern_id, at);

-- An area's own weekly office hours; an area without a row uses OFFICE_DAYS, OFFICE_OPENS,
-- OFFICE_CLOSES, HOLIDAYS_COUNTRY and HOLIDAYS_SUBDIVISION from the settings.
CREATE TABLE area_office_hours (
    area_id     INTEGER PRIMARY KEY REFERENCES areas (id),
    days        TEXT NOT NULL,
    opens       TEXT NOT NULL,  -- local "HH:MM"
    closes      TEXT NOT NULL,
    country     TEXT,
    subdivision TEXT,
    updated_at  TEXT NOT NULL
);

-- Days a coordinator closes the nurses' office (a training day, Christmas to New Year), for
-- one area or, with area_id NULL, for every area. Dates are inclusive.
CREATE TABLE office_closures (
    id         INTEGER PRIMARY KEY,
    area_id    INTEGER REFERENCES areas (id),
    start_date TEXT NOT NULL,
    end_date   TEXT NOT NULL,
    reason     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CHECK (end_date >= start_date)
);
CREATE INDEX office_closures_by_area ON office_closures (area_id, end_date);
