-- The life-cycle step looks only at the groups that need it (issue 14).
--
-- One row per group with a moment to look at it next: '' for at once (written by the triggers
-- below, in the same transaction as the change), else the next time something may be due (a
-- meeting starting or ending, an ended group's archiving). A group with nothing ahead has no
-- row. The step reads the rows whose moment has come with one indexed question.
-- (0012 is left to the oversight step's own table.)

CREATE TABLE lifecycle_work (
    group_id INTEGER PRIMARY KEY REFERENCES groups (id),
    look_at  TEXT NOT NULL  -- UTC time, or '' for at once
);
CREATE INDEX lifecycle_work_due ON lifecycle_work (look_at);

-- Every group is looked at once after the upgrade.
INSERT INTO lifecycle_work (group_id, look_at) SELECT id, '' FROM groups;

CREATE TRIGGER lifecycle_work_group_added AFTER INSERT ON groups BEGIN
    INSERT INTO lifecycle_work (group_id, look_at) VALUES (NEW.id, '')
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER lifecycle_work_group_changed AFTER UPDATE OF status, area_id ON groups BEGIN
    INSERT INTO lifecycle_work (group_id, look_at) VALUES (NEW.id, '')
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER lifecycle_work_meeting_added AFTER INSERT ON meetings BEGIN
    INSERT INTO lifecycle_work (group_id, look_at) VALUES (NEW.group_id, '')
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER lifecycle_work_meeting_changed
AFTER UPDATE OF starts_at, ends_at, status, group_id ON meetings BEGIN
    INSERT INTO lifecycle_work (group_id, look_at) VALUES (NEW.group_id, '')
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER lifecycle_work_member_added AFTER INSERT ON memberships BEGIN
    INSERT INTO lifecycle_work (group_id, look_at) VALUES (NEW.group_id, '')
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER lifecycle_work_member_changed
AFTER UPDATE OF role, left_at, group_id ON memberships BEGIN
    INSERT INTO lifecycle_work (group_id, look_at) VALUES (NEW.group_id, '')
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

-- Someone paused, blocked the bot, came back or was forgotten: who is asked changes.
CREATE TRIGGER lifecycle_work_person_changed
AFTER UPDATE OF telegram_id, paused_at, unreachable_at, forgotten_at ON people BEGIN
    INSERT INTO lifecycle_work (group_id, look_at)
        SELECT mb.group_id, '' FROM memberships mb
        WHERE mb.person_id = NEW.id AND mb.left_at IS NULL
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

-- Attendance recorded: "away three times in a row" may now hold.
CREATE TRIGGER lifecycle_work_attendance_added AFTER INSERT ON meeting_attendance BEGIN
    INSERT INTO lifecycle_work (group_id, look_at)
        SELECT m.group_id, '' FROM meetings m WHERE m.id = NEW.meeting_id
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER lifecycle_work_attendance_changed AFTER UPDATE ON meeting_attendance BEGIN
    INSERT INTO lifecycle_work (group_id, look_at)
        SELECT m.group_id, '' FROM meetings m WHERE m.id = NEW.meeting_id
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER lifecycle_work_mark_added AFTER INSERT ON attendance_marks BEGIN
    INSERT INTO lifecycle_work (group_id, look_at)
        SELECT m.group_id, '' FROM meetings m WHERE m.id = NEW.meeting_id
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER lifecycle_work_mark_changed AFTER UPDATE ON attendance_marks BEGIN
    INSERT INTO lifecycle_work (group_id, look_at)
        SELECT m.group_id, '' FROM meetings m WHERE m.id = NEW.meeting_id
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

-- A stage, a decision or an answer: the group moves on.
CREATE TRIGGER lifecycle_work_stage_added AFTER INSERT ON group_stages BEGIN
    INSERT INTO lifecycle_work (group_id, look_at) VALUES (NEW.group_id, '')
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER lifecycle_work_stage_changed AFTER UPDATE ON group_stages BEGIN
    INSERT INTO lifecycle_work (group_id, look_at) VALUES (NEW.group_id, '')
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER lifecycle_work_event_added AFTER INSERT ON group_events BEGIN
    INSERT INTO lifecycle_work (group_id, look_at) VALUES (NEW.group_id, '')
        ON CONFLICT (group_id) DO UPDATE SET look_at = '';
END;
