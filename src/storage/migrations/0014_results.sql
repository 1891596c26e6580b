-- Results of events' contests and their standings, kept ranked as results change, so that a
-- leaderboard page is one indexed range read. See docs/results.md.

ALTER TABLE events ADD COLUMN results_published_at BIGINT;  -- official from then on

CREATE TABLE event_results (
  id BIGINT PRIMARY KEY,
  event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  contest_id BIGINT NOT NULL REFERENCES event_contests(id) ON DELETE CASCADE,
  registration_id BIGINT NOT NULL UNIQUE REFERENCES event_registrations(id) ON DELETE CASCADE,
  status TEXT NOT NULL,              -- an IOF result status
  value BIGINT,                      -- by the contest's result_kind: time ms, distance mm, points, place
  source TEXT NOT NULL,              -- hand, csv, iof, workout
  workout_id BIGINT,                 -- the workout it was taken from
  recorded_by BIGINT,
  recorded_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX event_results_by_contest ON event_results (contest_id, id);

-- Each result's line in each ranking of its contest: "overall", "gender:female",
-- "category:M35". `position` orders the list (placed results by place, then the unplaced).
CREATE TABLE event_standings (
  contest_id BIGINT NOT NULL REFERENCES event_contests(id) ON DELETE CASCADE,
  ranking TEXT NOT NULL,
  position INTEGER NOT NULL,
  result_id BIGINT NOT NULL REFERENCES event_results(id) ON DELETE CASCADE,
  place INTEGER,
  behind BIGINT,
  provisional INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (contest_id, ranking, position)
);
CREATE INDEX event_standings_by_result ON event_standings (result_id);
