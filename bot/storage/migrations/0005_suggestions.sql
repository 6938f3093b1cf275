-- Topics peers (and PSFs) would like to talk about: from the menu, or after a meeting.
-- The PSFs see them before the next meeting. /forget blanks the text and the person.
CREATE TABLE topic_suggestions (
    id          INTEGER PRIMARY KEY,
    group_id    INTEGER NOT NULL REFERENCES groups (id),
    person_id   INTEGER REFERENCES people (id),
    meeting_id  INTEGER,  -- the meeting it followed, if it came from a post-meeting question
    text        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX topic_suggestions_by_group ON topic_suggestions (group_id, created_at);
