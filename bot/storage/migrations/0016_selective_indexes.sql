-- Indexes the planner can't pass over for a coarser one (issue 14).
--
-- Without statistics (the bot never runs ANALYZE) SQLite preferred the covering UNIQUE index
-- of deliveries, narrowed by `kind` alone, to deliveries_by_subject (kind, subject_id) when a
-- question also named the variant: the life-cycle step's "who was already asked" read every
-- delivery of that kind (6 ms a question at 10,000 groups, growing with the programme). With
-- the variant and the person in deliveries_by_subject, it covers that question exactly (a
-- narrower index that doesn't cover it still loses to the UNIQUE one).
DROP INDEX deliveries_by_subject;
CREATE INDEX deliveries_by_subject ON deliveries (kind, subject_id, variant, person_id);

-- A group's open concerns (oversight) were counted through concerns_by_state: every open
-- concern of the programme for each group looked at.
CREATE INDEX concerns_by_group ON concerns (group_id, state);
