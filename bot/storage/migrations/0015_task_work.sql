-- The tasks step looks only at meetings whose task messages may need arranging (issue 14).
--
-- Before, every sweep read every meeting of the next few days (of any group) to find those of
-- groups that share tasks in the bot: a cost that grew with the programme. `task_work` holds
-- each meeting's next look: '' (at once) when the meeting is planned or moved, its tasks are
-- taken or given back, a PSF can't come (or can again), or its group starts sharing tasks,
-- changes its task list, gains a PSF or comes back from the archive; after a look, when the
-- meeting comes within the step's horizon (or its day-before reminder is due), else never.

CREATE TABLE task_work (
    meeting_id INTEGER PRIMARY KEY,
    look_at    TEXT NOT NULL  -- UTC time, or '' for at once
);
CREATE INDEX task_work_due ON task_work (look_at);

INSERT INTO task_work (meeting_id, look_at)
    SELECT id, '' FROM meetings
    WHERE status = 'scheduled' AND starts_at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 day');

CREATE TRIGGER task_work_meeting_added AFTER INSERT ON meetings BEGIN
    INSERT INTO task_work (meeting_id, look_at) VALUES (NEW.id, '')
        ON CONFLICT (meeting_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER task_work_meeting_changed AFTER UPDATE OF starts_at, status, group_id ON meetings
BEGIN
    INSERT INTO task_work (meeting_id, look_at) VALUES (NEW.id, '')
        ON CONFLICT (meeting_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER task_work_task_added AFTER INSERT ON meeting_tasks BEGIN
    INSERT INTO task_work (meeting_id, look_at) VALUES (NEW.meeting_id, '')
        ON CONFLICT (meeting_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER task_work_task_changed AFTER UPDATE ON meeting_tasks BEGIN
    INSERT INTO task_work (meeting_id, look_at) VALUES (NEW.meeting_id, '')
        ON CONFLICT (meeting_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER task_work_task_removed AFTER DELETE ON meeting_tasks BEGIN
    INSERT INTO task_work (meeting_id, look_at) VALUES (OLD.meeting_id, '')
        ON CONFLICT (meeting_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER task_work_absence_added AFTER INSERT ON psf_absences BEGIN
    INSERT INTO task_work (meeting_id, look_at) VALUES (NEW.meeting_id, '')
        ON CONFLICT (meeting_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER task_work_absence_removed AFTER DELETE ON psf_absences BEGIN
    INSERT INTO task_work (meeting_id, look_at) VALUES (OLD.meeting_id, '')
        ON CONFLICT (meeting_id) DO UPDATE SET look_at = '';
END;

-- Changes to a whole group: its meetings still to come (those already held are let go at once).
CREATE TRIGGER task_work_group_claims AFTER INSERT ON group_events WHEN NEW.kind = 'claim' BEGIN
    INSERT INTO task_work (meeting_id, look_at)
        SELECT id, '' FROM meetings
        WHERE group_id = NEW.group_id AND status = 'scheduled' AND starts_at > NEW.at
        ON CONFLICT (meeting_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER task_work_group_list_added AFTER INSERT ON group_tasks BEGIN
    INSERT INTO task_work (meeting_id, look_at)
        SELECT id, '' FROM meetings WHERE group_id = NEW.group_id AND status = 'scheduled'
        ON CONFLICT (meeting_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER task_work_group_list_changed AFTER UPDATE ON group_tasks BEGIN
    INSERT INTO task_work (meeting_id, look_at)
        SELECT id, '' FROM meetings WHERE group_id = NEW.group_id AND status = 'scheduled'
        ON CONFLICT (meeting_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER task_work_group_list_removed AFTER DELETE ON group_tasks BEGIN
    INSERT INTO task_work (meeting_id, look_at)
        SELECT id, '' FROM meetings WHERE group_id = OLD.group_id AND status = 'scheduled'
        ON CONFLICT (meeting_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER task_work_psf_joined AFTER INSERT ON memberships WHEN NEW.role = 'psf' BEGIN
    INSERT INTO task_work (meeting_id, look_at)
        SELECT id, '' FROM meetings
        WHERE group_id = NEW.group_id AND status = 'scheduled' AND starts_at > NEW.joined_at
        ON CONFLICT (meeting_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER task_work_psf_changed AFTER UPDATE OF role, left_at ON memberships
WHEN NEW.role = 'psf' AND NEW.left_at IS NULL BEGIN
    INSERT INTO task_work (meeting_id, look_at)
        SELECT id, '' FROM meetings WHERE group_id = NEW.group_id AND status = 'scheduled'
        ON CONFLICT (meeting_id) DO UPDATE SET look_at = '';
END;

-- An archived group gets no task messages (its meetings are let go at their next look); one
-- brought back from the archive looks again.
CREATE TRIGGER task_work_unarchived AFTER UPDATE OF archived_at ON group_stages
WHEN NEW.archived_at IS NULL AND OLD.archived_at IS NOT NULL BEGIN
    INSERT INTO task_work (meeting_id, look_at)
        SELECT id, '' FROM meetings WHERE group_id = NEW.group_id AND status = 'scheduled'
        ON CONFLICT (meeting_id) DO UPDATE SET look_at = '';
END;
