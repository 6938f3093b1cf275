-- After the emergency numbers, a peer who wrote about themselves is asked whether they would
-- like their facilitator or the nurse to get in touch. One row per question asked; "no" is
-- respected for the rest of that day. Yes raises an urgent concern (concern_id).
CREATE TABLE contact_offers (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id),
    group_id INTEGER NOT NULL REFERENCES groups(id),
    kind TEXT NOT NULL,
    words TEXT,
    offered_at TEXT NOT NULL,
    answer TEXT CHECK (answer IN ('yes', 'no')),
    answered_at TEXT,
    concern_id INTEGER REFERENCES concerns(id)
);
CREATE INDEX contact_offers_person ON contact_offers (person_id, answered_at);
