-- The Monday digest step looks only at areas whose week's digest may need arranging (issue 14).
--
-- Before, every sweep read every area and its office hours (and, from Monday's opening until
-- two days later, each area's nurses): a cost that grew with the programme. `digest_work`
-- holds each area's next look: '' (at once) when the area is added or anything the digest's
-- time or addressees depend on changes (its office hours, a closure, its nurses); after a look,
-- the start of the area's next local week.

CREATE TABLE digest_work (
    area_id INTEGER PRIMARY KEY,
    look_at TEXT NOT NULL  -- UTC time, or '' for at once
);
CREATE INDEX digest_work_due ON digest_work (look_at);

INSERT INTO digest_work (area_id, look_at) SELECT id, '' FROM areas;

CREATE TRIGGER digest_work_area_added AFTER INSERT ON areas BEGIN
    INSERT INTO digest_work (area_id, look_at) VALUES (NEW.id, '')
        ON CONFLICT (area_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER digest_work_area_changed AFTER UPDATE OF timezone ON areas BEGIN
    INSERT INTO digest_work (area_id, look_at) VALUES (NEW.id, '')
        ON CONFLICT (area_id) DO UPDATE SET look_at = '';
END;

CREATE TRIGGER digest_work_hours_added AFTER INSERT ON area_office_hours BEGIN
    UPDATE digest_work SET look_at = '' WHERE area_id = NEW.area_id;
END;

CREATE TRIGGER digest_work_hours_changed AFTER UPDATE ON area_office_hours BEGIN
    UPDATE digest_work SET look_at = '' WHERE area_id IN (OLD.area_id, NEW.area_id);
END;

CREATE TRIGGER digest_work_hours_removed AFTER DELETE ON area_office_hours BEGIN
    UPDATE digest_work SET look_at = '' WHERE area_id = OLD.area_id;
END;

-- A closure without an area closes every area's office.
CREATE TRIGGER digest_work_closure_added AFTER INSERT ON office_closures BEGIN
    UPDATE digest_work SET look_at = ''
        WHERE NEW.area_id IS NULL OR area_id = NEW.area_id;
END;

CREATE TRIGGER digest_work_closure_changed AFTER UPDATE ON office_closures BEGIN
    UPDATE digest_work SET look_at = ''
        WHERE NEW.area_id IS NULL OR OLD.area_id IS NULL OR area_id IN (OLD.area_id, NEW.area_id);
END;

CREATE TRIGGER digest_work_closure_removed AFTER DELETE ON office_closures BEGIN
    UPDATE digest_work SET look_at = ''
        WHERE OLD.area_id IS NULL OR area_id = OLD.area_id;
END;

CREATE TRIGGER digest_work_nurse_added AFTER INSERT ON area_nurses BEGIN
    UPDATE digest_work SET look_at = '' WHERE area_id = NEW.area_id;
END;

CREATE TRIGGER digest_work_nurse_changed AFTER UPDATE ON area_nurses BEGIN
    UPDATE digest_work SET look_at = '' WHERE area_id IN (OLD.area_id, NEW.area_id);
END;
