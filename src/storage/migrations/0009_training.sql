-- Structured training: the exercise library, workout templates, planned workouts and the
-- settings behind a user's training zones. See docs/training.md.

-- The exercise library. The built-in starter set (src/training/data/exercises.json) is added
-- on first use with fixed ids 1..N; an admin's deletion only marks a row deleted, so that a
-- built-in exercise never comes back and templates that name an exercise still resolve.
CREATE TABLE exercises (
  id BIGINT PRIMARY KEY,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,            -- case-folded name: the sort key and the uniqueness key
  search_key TEXT NOT NULL,          -- case-folded name and description, for text search
  category TEXT NOT NULL,            -- strength, cardio, plyometrics, mobility, stretching, balance
  muscle_groups TEXT NOT NULL,       -- JSON array of names from a closed list
  equipment TEXT NOT NULL,           -- JSON array of names from a closed list; [] for none
  description TEXT,
  video_url TEXT,                    -- https only
  builtin INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  deleted_at BIGINT
);
CREATE UNIQUE INDEX exercises_by_name ON exercises (name_key) WHERE deleted_at IS NULL;

CREATE TABLE workout_templates (
  id BIGINT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  sport TEXT NOT NULL,               -- a key of the sports list (src/workouts/sports.cpp)
  description TEXT,
  steps TEXT NOT NULL,               -- JSON, the shape of docs/training.md
  watch_steps INTEGER NOT NULL,      -- steps once written out for a watch (FIT)
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX workout_templates_by_user ON workout_templates (user_id, id);

CREATE TABLE planned_workouts (
  id BIGINT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  planned_on TEXT NOT NULL,          -- YYYY-MM-DD, the user's local day
  template_id BIGINT REFERENCES workout_templates(id) ON DELETE SET NULL,
  title TEXT NOT NULL,
  sport TEXT NOT NULL,
  notes TEXT,
  duration_s DOUBLE PRECISION,
  distance_m DOUBLE PRECISION,
  status TEXT NOT NULL,              -- planned, completed, skipped
  workout_id BIGINT REFERENCES workouts(id) ON DELETE SET NULL,
  completed_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX planned_workouts_by_user ON planned_workouts (user_id, planned_on, id);
CREATE INDEX planned_workouts_by_template ON planned_workouts (template_id);
-- A workout fulfils one plan at most.
CREATE UNIQUE INDEX planned_workouts_by_workout ON planned_workouts (workout_id);

-- What a user set for their zones; anything not set is derived (docs/training.md).
CREATE TABLE training_zone_settings (
  user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  max_hr DOUBLE PRECISION,
  resting_hr DOUBLE PRECISION,
  ftp_w DOUBLE PRECISION,
  threshold_pace_s_per_km DOUBLE PRECISION,
  updated_at BIGINT NOT NULL
);
