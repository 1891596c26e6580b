-- Lists walk their rows in the order of their cursor: an index in that order answers each
-- page with a range scan, however long the list.
DROP INDEX sessions_by_user;
CREATE INDEX sessions_by_user ON sessions (user_id, created_at, id);
CREATE INDEX medical_access_by_user ON medical_access (user_id, granted_at, coach_id);
