-- Sweeps that cost nothing when nothing is due (issue 14).
--
-- `sweep_work` holds what a sweep step still has to look at: a meeting (steps 'checkins',
-- 'recaps', 'suggestions') or a membership (step 'joiners'). Triggers write a row in the same
-- transaction as the change that creates the work (a meeting planned, moved or cancelled; a
-- member joining, leaving or changing role; a person becoming reachable or forgotten), with
-- look_at = '' ("look now": it sorts before every time). A step reads the rows whose look_at
-- has come, acts as before on just those, and then deletes each row or sets look_at to the
-- moment it must look again (when the meeting comes within its horizon, or starts). With
-- nothing to do, every step's question is one index probe that finds nothing.

CREATE TABLE sweep_work (
    step       TEXT NOT NULL CHECK (step IN ('checkins', 'recaps', 'suggestions', 'joiners')),
    subject_id INTEGER NOT NULL,  -- a meeting id, or a membership id for 'joiners'
    look_at    TEXT NOT NULL,     -- UTC time, or '' for at once
    PRIMARY KEY (step, subject_id)
) WITHOUT ROWID;
CREATE INDEX sweep_work_due ON sweep_work (step, look_at);

-- A meeting planned, moved or cancelled: each meeting step looks at the group's meetings
-- again (a new earlier meeting changes which one comes "last time"); members check that their
-- reminders are arranged.
CREATE TRIGGER sweep_work_meeting_added AFTER INSERT ON meetings BEGIN
    INSERT INTO sweep_work (step, subject_id, look_at)
        SELECT s.step, m.id, '' FROM meetings m,
            (SELECT 'checkins' AS step UNION ALL SELECT 'recaps' UNION ALL SELECT 'suggestions') s
        WHERE m.group_id = NEW.group_id
        ON CONFLICT (step, subject_id) DO UPDATE SET look_at = '';
    INSERT INTO sweep_work (step, subject_id, look_at)
        SELECT 'joiners', mb.id, '' FROM memberships mb
        WHERE mb.group_id = NEW.group_id AND mb.left_at IS NULL
        ON CONFLICT (step, subject_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER sweep_work_meeting_changed
AFTER UPDATE OF starts_at, ends_at, status, group_id ON meetings BEGIN
    INSERT INTO sweep_work (step, subject_id, look_at)
        SELECT s.step, m.id, '' FROM meetings m,
            (SELECT 'checkins' AS step UNION ALL SELECT 'recaps' UNION ALL SELECT 'suggestions') s
        WHERE m.group_id = NEW.group_id
        ON CONFLICT (step, subject_id) DO UPDATE SET look_at = '';
    INSERT INTO sweep_work (step, subject_id, look_at)
        SELECT 'joiners', mb.id, '' FROM memberships mb
        WHERE mb.group_id = NEW.group_id AND mb.left_at IS NULL
        ON CONFLICT (step, subject_id) DO UPDATE SET look_at = '';
END;

-- Who is in a group: new PSFs get recaps and suggestions for meetings already arranged, new
-- members their reminders.
CREATE TRIGGER sweep_work_member_added AFTER INSERT ON memberships BEGIN
    INSERT INTO sweep_work (step, subject_id, look_at) VALUES ('joiners', NEW.id, '')
        ON CONFLICT (step, subject_id) DO UPDATE SET look_at = '';
    INSERT INTO sweep_work (step, subject_id, look_at)
        SELECT s.step, m.id, '' FROM meetings m,
            (SELECT 'recaps' AS step UNION ALL SELECT 'suggestions') s
        WHERE m.group_id = NEW.group_id AND NEW.role = 'psf'
        ON CONFLICT (step, subject_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER sweep_work_member_changed
AFTER UPDATE OF role, left_at, joined_at, group_id, person_id ON memberships BEGIN
    INSERT INTO sweep_work (step, subject_id, look_at) VALUES ('joiners', NEW.id, '')
        ON CONFLICT (step, subject_id) DO UPDATE SET look_at = '';
    INSERT INTO sweep_work (step, subject_id, look_at)
        SELECT s.step, m.id, '' FROM meetings m,
            (SELECT 'recaps' AS step UNION ALL SELECT 'suggestions') s
        WHERE m.group_id = NEW.group_id AND (NEW.role = 'psf' OR OLD.role = 'psf')
        ON CONFLICT (step, subject_id) DO UPDATE SET look_at = '';
END;

-- A person who can (or can no longer) be sent messages: their groups look again.
CREATE TRIGGER sweep_work_person_changed AFTER UPDATE OF telegram_id, forgotten_at ON people
BEGIN
    INSERT INTO sweep_work (step, subject_id, look_at)
        SELECT 'joiners', mb.id, '' FROM memberships mb WHERE mb.person_id = NEW.id
        ON CONFLICT (step, subject_id) DO UPDATE SET look_at = '';
    INSERT INTO sweep_work (step, subject_id, look_at)
        SELECT s.step, m.id, '' FROM memberships mb JOIN meetings m ON m.group_id = mb.group_id,
            (SELECT 'recaps' AS step UNION ALL SELECT 'suggestions') s
        WHERE mb.person_id = NEW.id AND mb.role = 'psf'
        ON CONFLICT (step, subject_id) DO UPDATE SET look_at = '';
END;

-- What a running bot had not yet looked at when this migration came: meetings still to come
-- or lately started, and members whose reminders were never arranged.
INSERT INTO sweep_work (step, subject_id, look_at)
    SELECT s.step, m.id, '' FROM meetings m,
        (SELECT 'checkins' AS step UNION ALL SELECT 'recaps' UNION ALL SELECT 'suggestions') s
    WHERE m.status = 'scheduled' AND m.ends_at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-8 days');
INSERT INTO sweep_work (step, subject_id, look_at)
    SELECT 'joiners', mb.id, '' FROM memberships mb
    WHERE mb.left_at IS NULL AND NOT EXISTS (SELECT 1 FROM meeting_joiners j
        WHERE j.group_id = mb.group_id AND j.person_id = mb.person_id
        AND j.joined_at = mb.joined_at);

-- Indexed questions the sweeps ask: pending rows of a kind (few, among millions sent),
-- concerns in a state (drafts, queued).
CREATE INDEX deliveries_pending ON deliveries (kind, due_at) WHERE state = 'pending';
CREATE INDEX concerns_by_state ON concerns (state, urgent);
