-- The standings are derived: rerank_contest (src/events/result_store.cpp) rewrites a contest's
-- whenever one of its results is written or deleted, so they need no foreign key to the result
-- and no index to serve one (PostgreSQL's heap needs no other change).
ALTER TABLE event_standings DROP CONSTRAINT event_standings_result_id_fkey;
DROP INDEX event_standings_by_result;
