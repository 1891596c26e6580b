-- The standings are derived: rerank_contest (src/events/result_store.cpp) rewrites a contest's
-- whenever one of its results is written or deleted, so they need no foreign key to the result
-- and no index to serve one. Kept in the order of their key (WITHOUT ROWID), a ranking's lines
-- are one b-tree, written once: an import of 100,000 results writes 300,000 of them.
CREATE TABLE event_standings_by_key (
  contest_id BIGINT NOT NULL REFERENCES event_contests(id) ON DELETE CASCADE,
  ranking TEXT NOT NULL,
  position INTEGER NOT NULL,
  result_id BIGINT NOT NULL,
  place INTEGER,
  behind BIGINT,
  provisional INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (contest_id, ranking, position)
) WITHOUT ROWID;
INSERT INTO event_standings_by_key (contest_id, ranking, position, result_id, place, behind, provisional)
  SELECT contest_id, ranking, position, result_id, place, behind, provisional FROM event_standings;
DROP TABLE event_standings;
ALTER TABLE event_standings_by_key RENAME TO event_standings;
