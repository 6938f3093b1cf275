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

-- The oversight step asks of each group it looks at how many concerns are open and when the
-- last urgent one came. Without an index by group, the first read every open concern of the
-- programme and the second every concern: at 100,000 groups, the first sweep after an upgrade
-- (every group looked at) read 100,000 concerns 100,000 times.
CREATE INDEX concerns_by_group ON concerns (group_id, state);
