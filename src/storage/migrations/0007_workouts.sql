-- Workouts, their tracks and the privacy settings that govern who sees them.

-- Accepted friendships, one row in each direction. The social domain makes and ends them;
-- workouts and profiles read them to decide what a friend may see.
CREATE TABLE friendships (
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  friend_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, friend_id)
);

CREATE TABLE workouts (
  id BIGINT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  sport TEXT NOT NULL,               -- a key of the sports list (src/workouts/sports.cpp)
  title TEXT NOT NULL,
  notes TEXT,
  start_at BIGINT NOT NULL,          -- UTC epoch ms
  time_zone TEXT NOT NULL,           -- IANA zone it happened in
  elapsed_s DOUBLE PRECISION,
  moving_s DOUBLE PRECISION,
  distance_m DOUBLE PRECISION,
  ascent_m DOUBLE PRECISION,
  descent_m DOUBLE PRECISION,
  calories DOUBLE PRECISION,
  avg_hr DOUBLE PRECISION,
  max_hr DOUBLE PRECISION,
  avg_cadence DOUBLE PRECISION,
  max_cadence DOUBLE PRECISION,
  avg_power DOUBLE PRECISION,
  max_power DOUBLE PRECISION,
  avg_speed DOUBLE PRECISION,        -- m/s
  max_speed DOUBLE PRECISION,        -- m/s
  effort INTEGER,                    -- perceived, 1 to 10
  trimp DOUBLE PRECISION,            -- training load (Banister)
  visibility TEXT NOT NULL,          -- everyone, friends, only_me
  source TEXT NOT NULL,              -- manual, file
  device TEXT,                       -- the device or service that recorded it
  file_format TEXT,                  -- fit, gpx, tcx: the original kept in the blob store
  file_name TEXT,
  file_sha256 TEXT,                  -- hex; the same file imported twice is one workout
  file_blob TEXT,                    -- blob store key of the original bytes
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX workouts_by_user ON workouts (user_id, start_at, id);
CREATE INDEX workouts_by_user_sport ON workouts (user_id, sport, start_at);
CREATE UNIQUE INDEX workouts_by_file ON workouts (user_id, file_sha256);

-- The gear used in a workout. Gear is its own domain; deleting an item removes its rows here.
CREATE TABLE workout_gear (
  workout_id BIGINT NOT NULL REFERENCES workouts(id) ON DELETE CASCADE,
  gear_id BIGINT NOT NULL,
  PRIMARY KEY (workout_id, gear_id)
);
CREATE INDEX workout_gear_by_gear ON workout_gear (gear_id, workout_id);

-- The track, compact (src/workouts/track_codec.cpp): columns of deltas, varints, deflated.
CREATE TABLE workout_tracks (
  workout_id BIGINT PRIMARY KEY REFERENCES workouts(id) ON DELETE CASCADE,
  points INTEGER NOT NULL,
  data BYTEA NOT NULL
);

-- Laps as the device recorded them.
CREATE TABLE workout_laps (
  workout_id BIGINT NOT NULL REFERENCES workouts(id) ON DELETE CASCADE,
  lap_index INTEGER NOT NULL,
  start_at BIGINT NOT NULL,
  elapsed_s DOUBLE PRECISION,
  distance_m DOUBLE PRECISION,
  avg_hr DOUBLE PRECISION,
  max_hr DOUBLE PRECISION,
  avg_power DOUBLE PRECISION,
  PRIMARY KEY (workout_id, lap_index)
);

-- Best efforts inside one workout (fastest 1 km in seconds, best 20-minute power in watts, ...),
-- kept so that personal records across a history are one indexed read.
CREATE TABLE workout_efforts (
  workout_id BIGINT NOT NULL REFERENCES workouts(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL,
  sport TEXT NOT NULL,
  kind TEXT NOT NULL,                -- time_1000m, power_1200s, ...
  value DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (workout_id, kind)
);
CREATE INDEX workout_efforts_by_user ON workout_efforts (user_id, sport, kind, value);

-- Places whose track others never see (a home, a workplace): a point and a radius.
CREATE TABLE privacy_zones (
  id BIGINT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  lat DOUBLE PRECISION NOT NULL,
  lon DOUBLE PRECISION NOT NULL,
  radius_m DOUBLE PRECISION NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX privacy_zones_by_user ON privacy_zones (user_id, created_at, id);

-- What of a user's workouts others may see, beyond each workout's visibility.
CREATE TABLE workout_settings (
  user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  default_visibility TEXT NOT NULL DEFAULT 'friends',
  hide_start_finish_m DOUBLE PRECISION NOT NULL DEFAULT 0,
  hide_heart_rate INTEGER NOT NULL DEFAULT 0,
  hide_calories INTEGER NOT NULL DEFAULT 0,
  hide_map INTEGER NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
);
