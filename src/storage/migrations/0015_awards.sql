-- Awards given to participants: the winners of an event's awards with a place, when its results
-- are published, and awards given by hand. See docs/results.md, "Awards".

CREATE TABLE event_awards_given (
  id BIGINT PRIMARY KEY,
  event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  contest_id BIGINT NOT NULL REFERENCES event_contests(id) ON DELETE CASCADE,
  registration_id BIGINT NOT NULL REFERENCES event_registrations(id) ON DELETE CASCADE,
  user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,  -- the winner's collection
  title TEXT NOT NULL,
  place INTEGER,                     -- for an award of a place; none for one given by hand
  category TEXT,                     -- the ranking category's code, or none for overall
  prize TEXT,
  awarded_at BIGINT NOT NULL,
  UNIQUE (registration_id, title)
);
CREATE INDEX event_awards_given_by_event ON event_awards_given (event_id, contest_id, id);
CREATE INDEX event_awards_given_by_user ON event_awards_given (user_id, id);
