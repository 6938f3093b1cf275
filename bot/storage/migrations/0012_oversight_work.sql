-- The oversight step looks only at groups that may have changed (issue 14).
--
-- `oversight_work` holds the groups whose early warnings must be worked out again: triggers
-- write a row (look_at = '': at once) in the same transaction as a change to anything the
-- rules read (meetings, attendance, check-ins, feedback, who the PSFs are and whether they can
-- be reached, absences, the group's stage, urgent concerns). After looking at a group the step
-- sets look_at to the first moment time alone can change its facts (a meeting starting, a
-- check-in becoming missing, a meeting coming within the planning horizon, an urgent concern
-- growing old), and at most a day ahead. With nothing to do, the step's question is one index
-- probe that finds nothing. (sweep_work's steps are fixed by its CHECK, hence a table of its
-- own.)

CREATE TABLE oversight_work (
    group_id INTEGER PRIMARY KEY,
    look_at  TEXT NOT NULL  -- UTC time, or '' for at once
);
CREATE INDEX oversight_work_due ON oversight_work (look_at);

CREATE TRIGGER oversight_work_group_added AFTER INSERT ON groups BEGIN
    INSERT INTO oversight_work (group_id, look_at) VALUES (NEW.id, '')
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER oversight_work_group_changed AFTER UPDATE OF status ON groups BEGIN
    INSERT INTO oversight_work (group_id, look_at) VALUES (NEW.id, '')
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER oversight_work_stage_added AFTER INSERT ON group_stages BEGIN
    INSERT INTO oversight_work (group_id, look_at) VALUES (NEW.group_id, '')
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER oversight_work_stage_changed AFTER UPDATE ON group_stages BEGIN
    INSERT INTO oversight_work (group_id, look_at) VALUES (NEW.group_id, '')
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER oversight_work_meeting_added AFTER INSERT ON meetings BEGIN
    INSERT INTO oversight_work (group_id, look_at) VALUES (NEW.group_id, '')
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER oversight_work_meeting_changed
AFTER UPDATE OF starts_at, ends_at, status, group_id ON meetings BEGIN
    INSERT INTO oversight_work (group_id, look_at) VALUES (OLD.group_id, ''), (NEW.group_id, '')
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

-- Attendance, check-ins, feedback and absences belong to a meeting: its group looks again.
CREATE TRIGGER oversight_work_attendance_added AFTER INSERT ON meeting_attendance BEGIN
    INSERT INTO oversight_work (group_id, look_at)
        SELECT group_id, '' FROM meetings WHERE id = NEW.meeting_id
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER oversight_work_attendance_changed AFTER UPDATE ON meeting_attendance BEGIN
    INSERT INTO oversight_work (group_id, look_at)
        SELECT group_id, '' FROM meetings WHERE id = NEW.meeting_id
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER oversight_work_mark_added AFTER INSERT ON attendance_marks BEGIN
    INSERT INTO oversight_work (group_id, look_at)
        SELECT group_id, '' FROM meetings WHERE id = NEW.meeting_id
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER oversight_work_mark_changed AFTER UPDATE OF present ON attendance_marks BEGIN
    INSERT INTO oversight_work (group_id, look_at)
        SELECT group_id, '' FROM meetings WHERE id = NEW.meeting_id
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER oversight_work_mark_removed AFTER DELETE ON attendance_marks BEGIN
    INSERT INTO oversight_work (group_id, look_at)
        SELECT group_id, '' FROM meetings WHERE id = OLD.meeting_id
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER oversight_work_checkin_added AFTER INSERT ON checkins BEGIN
    INSERT INTO oversight_work (group_id, look_at) VALUES (NEW.group_id, '')
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER oversight_work_checkin_changed
AFTER UPDATE OF attendance_at, completed_at, person_id ON checkins BEGIN
    INSERT INTO oversight_work (group_id, look_at) VALUES (NEW.group_id, '')
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER oversight_work_feedback_added AFTER INSERT ON peer_feedback BEGIN
    INSERT INTO oversight_work (group_id, look_at)
        SELECT group_id, '' FROM meetings WHERE id = NEW.meeting_id
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER oversight_work_feedback_changed AFTER UPDATE OF rating ON peer_feedback BEGIN
    INSERT INTO oversight_work (group_id, look_at)
        SELECT group_id, '' FROM meetings WHERE id = NEW.meeting_id
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER oversight_work_feedback_removed AFTER DELETE ON peer_feedback BEGIN
    INSERT INTO oversight_work (group_id, look_at)
        SELECT group_id, '' FROM meetings WHERE id = OLD.meeting_id
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER oversight_work_absence_added AFTER INSERT ON psf_absences BEGIN
    INSERT INTO oversight_work (group_id, look_at)
        SELECT group_id, '' FROM meetings WHERE id = NEW.meeting_id
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER oversight_work_absence_removed AFTER DELETE ON psf_absences BEGIN
    INSERT INTO oversight_work (group_id, look_at)
        SELECT group_id, '' FROM meetings WHERE id = OLD.meeting_id
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

-- Who the PSFs are, and whether they can be reached.
CREATE TRIGGER oversight_work_member_added AFTER INSERT ON memberships BEGIN
    INSERT INTO oversight_work (group_id, look_at) VALUES (NEW.group_id, '')
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER oversight_work_member_changed
AFTER UPDATE OF role, left_at, group_id, person_id ON memberships BEGIN
    INSERT INTO oversight_work (group_id, look_at) VALUES (OLD.group_id, ''), (NEW.group_id, '')
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER oversight_work_person_changed
AFTER UPDATE OF telegram_id, unreachable_at, forgotten_at ON people BEGIN
    INSERT INTO oversight_work (group_id, look_at)
        SELECT group_id, '' FROM memberships WHERE person_id = NEW.id AND role = 'psf'
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

-- An urgent concern raised about a group.
CREATE TRIGGER oversight_work_concern_added AFTER INSERT ON concerns BEGIN
    INSERT INTO oversight_work (group_id, look_at) VALUES (NEW.group_id, '')
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER oversight_work_concern_changed
AFTER UPDATE OF urgent, urgent_at, raised_at, group_id ON concerns BEGIN
    INSERT INTO oversight_work (group_id, look_at) VALUES (OLD.group_id, ''), (NEW.group_id, '')
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

-- A running bot looks at every group once after this migration, as it did on each sweep.
INSERT INTO oversight_work (group_id, look_at) SELECT id, '' FROM groups;
