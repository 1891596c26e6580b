-- Gear: the items a user owns, what they are used for, their wear limits and notices, and
-- reviews. Usage is never stored as a running total: it is summed from workouts, installations
-- and the hand-kept log whenever it is read, so that editing or deleting a workout shows at once.

CREATE TABLE gear_items (
  id BIGINT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  category TEXT NOT NULL,            -- shoes, clothing, accessories, equipment, bike, component, other
  name TEXT NOT NULL,
  brand TEXT,
  model TEXT,
  purchased_on TEXT,                 -- YYYY-MM-DD
  price TEXT,                        -- exact decimal text, "129.99"
  currency TEXT,                     -- ISO 4217, "EUR"
  warranty_until TEXT,               -- YYYY-MM-DD
  start_distance_m DOUBLE PRECISION NOT NULL DEFAULT 0,  -- use before it was recorded here
  start_moving_s DOUBLE PRECISION NOT NULL DEFAULT 0,
  start_uses BIGINT NOT NULL DEFAULT 0,
  custom_fields TEXT NOT NULL DEFAULT '{}',  -- a JSON object of short texts
  photo_type TEXT,                   -- image/png, image/jpeg, image/webp; the bytes in the blob store
  limit_metric TEXT,                 -- the item's own wear limit: distance_m, moving_s, uses, counter
  limit_counter TEXT,                -- for limit_metric counter
  limit_amount DOUBLE PRECISION,
  archived_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX gear_items_by_user ON gear_items (user_id, id);
CREATE INDEX gear_items_by_user_category ON gear_items (user_id, category, id);

-- Collections are names a user puts items in ("For running", "Gym"); one row per item and name.
CREATE TABLE gear_collection_items (
  gear_id BIGINT NOT NULL REFERENCES gear_items(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  added_at BIGINT NOT NULL,
  PRIMARY KEY (gear_id, name)
);
CREATE INDEX gear_collection_items_by_user ON gear_collection_items (user_id, name, gear_id);

-- Where a component (a chain, a tyre) has been installed: the parent's workouts between
-- installed_at and removed_at count for the component too. Open while removed_at is NULL.
CREATE TABLE gear_installs (
  id BIGINT PRIMARY KEY,
  component_id BIGINT NOT NULL REFERENCES gear_items(id) ON DELETE CASCADE,
  parent_id BIGINT NOT NULL REFERENCES gear_items(id) ON DELETE CASCADE,
  installed_at BIGINT NOT NULL,      -- UTC epoch ms
  removed_at BIGINT
);
CREATE INDEX gear_installs_by_component ON gear_installs (component_id, installed_at);
CREATE INDEX gear_installs_by_parent ON gear_installs (parent_id);

-- Counters kept by hand: washes, services, anything counted rather than recorded by a workout.
CREATE TABLE gear_usage_log (
  id BIGINT PRIMARY KEY,
  gear_id BIGINT NOT NULL REFERENCES gear_items(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  counter TEXT NOT NULL,
  amount BIGINT NOT NULL,
  used_on TEXT NOT NULL,             -- YYYY-MM-DD
  note TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX gear_usage_log_by_user ON gear_usage_log (user_id, used_on, id);
CREATE INDEX gear_usage_log_by_gear ON gear_usage_log (gear_id, counter);

-- The items a new workout of a sport gets when it names none; several per sport.
CREATE TABLE gear_defaults (
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  sport TEXT NOT NULL,
  gear_id BIGINT NOT NULL REFERENCES gear_items(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, sport, gear_id)
);
CREATE INDEX gear_defaults_by_gear ON gear_defaults (gear_id);

-- A user's default wear limit for every item of a category that has no limit of its own.
CREATE TABLE gear_category_limits (
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  category TEXT NOT NULL,
  metric TEXT NOT NULL,
  counter TEXT,
  amount DOUBLE PRECISION NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, category)
);

-- Wear notices already sent, one per item and threshold (80, 100). A row goes when the item's
-- wear falls back below its threshold, so that crossing it again tells the owner again.
CREATE TABLE gear_wear_notices (
  gear_id BIGINT NOT NULL REFERENCES gear_items(id) ON DELETE CASCADE,
  threshold INTEGER NOT NULL,
  sent_at BIGINT NOT NULL,
  PRIMARY KEY (gear_id, threshold)
);

-- One review per item by its owner. The catalogue groups them by brand and model keys
-- (case-folded NFKC text) and never shows who wrote them.
CREATE TABLE gear_reviews (
  id BIGINT PRIMARY KEY,
  gear_id BIGINT NOT NULL UNIQUE REFERENCES gear_items(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  brand TEXT NOT NULL,
  model TEXT NOT NULL,
  brand_key TEXT NOT NULL,
  model_key TEXT NOT NULL,
  rating INTEGER NOT NULL,           -- 1 to 5
  body TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX gear_reviews_by_model ON gear_reviews (brand_key, model_key, updated_at);
