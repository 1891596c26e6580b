-- Organisations, events and their contests, and the managed taxonomy of event categories.
-- See docs/organisations.md and docs/events.md.

CREATE TABLE organisations (
  id BIGINT PRIMARY KEY,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,            -- case-folded name: unique, so that two clubs are told apart
  kind TEXT NOT NULL,                -- federation, club, sports_organisation, brand
  description TEXT,
  contact_email TEXT,
  contact_phone TEXT,
  website TEXT,                      -- https:// only
  logo_type TEXT,                    -- the logo's content type; its bytes are a blob
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX organisations_by_name ON organisations (name_key);

CREATE TABLE organisation_members (
  org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL,                -- owner, admin, organizer, member
  created_at BIGINT NOT NULL,
  PRIMARY KEY (org_id, user_id)
);
CREATE INDEX organisation_members_by_user ON organisation_members (user_id, org_id);

-- Categories of events ("Running", "Yoga", "For beginners"), kept by admins. The starting set
-- (src/events/event_catalogue.cpp) is added on first use; a removed category keeps its row,
-- so that the starting set never comes back.
CREATE TABLE event_categories (
  slug TEXT PRIMARY KEY,             -- "running", "for-beginners"
  name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  removed_at BIGINT
);

CREATE TABLE events (
  id BIGINT PRIMARY KEY,
  owner_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,  -- who made it
  org_id BIGINT REFERENCES organisations(id) ON DELETE CASCADE,     -- organised by, if any
  organizer_kind TEXT NOT NULL,      -- organisation, coach, user
  title TEXT NOT NULL,
  description TEXT,
  type TEXT NOT NULL,                -- tournament, race, online_run, …: docs/events.md
  status TEXT NOT NULL,              -- draft, published, registration_open, in_progress, finished, cancelled
  visibility TEXT NOT NULL,          -- public (in the catalogue) or unlisted (by its link token)
  link_token TEXT NOT NULL,          -- reaches an unlisted event
  featured INTEGER NOT NULL DEFAULT 0,
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  time_zone TEXT NOT NULL,           -- IANA
  registration_opens_at BIGINT,
  registration_closes_at BIGINT,
  online INTEGER NOT NULL DEFAULT 0,
  place_name TEXT,
  address TEXT,
  latitude DOUBLE PRECISION,
  longitude DOUBLE PRECISION,
  audience TEXT NOT NULL,            -- JSON: genders, min_age, max_age, levels
  requirements TEXT NOT NULL,        -- JSON: medical_certificate, equipment
  rules TEXT,
  scoring TEXT,
  winning_criteria TEXT,
  schedule TEXT NOT NULL,            -- JSON: stages and activities
  prize_fund TEXT,
  awards TEXT NOT NULL,              -- JSON: what places win
  currency TEXT,                     -- ISO 4217, for every fee of the event
  requires_approval INTEGER NOT NULL DEFAULT 0,
  refund_percent INTEGER NOT NULL DEFAULT 100,
  refund_until BIGINT,               -- no refund after this (epoch ms); null: until the start
  cover_type TEXT,
  status_reason TEXT,                -- why it was cancelled
  registrations INTEGER NOT NULL DEFAULT 0,  -- places taken: the catalogue's popularity
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  archived_at BIGINT
);
CREATE INDEX events_by_start ON events (starts_at, id);
CREATE INDEX events_by_owner ON events (owner_id, id);
CREATE INDEX events_by_org ON events (org_id, id);
CREATE UNIQUE INDEX events_by_link_token ON events (link_token);

CREATE TABLE event_category_links (
  event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  slug TEXT NOT NULL REFERENCES event_categories(slug) ON DELETE CASCADE,
  PRIMARY KEY (event_id, slug)
);
CREATE INDEX event_category_links_by_slug ON event_category_links (slug, event_id);

-- A contest of an event (the 5 km and the 10 km of one race day), with its own capacity and fee.
CREATE TABLE event_contests (
  id BIGINT PRIMARY KEY,
  event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  sport TEXT,                        -- a key of the sports list
  distance_m DOUBLE PRECISION,
  starts_at BIGINT,
  capacity INTEGER,                  -- null: no limit
  taken INTEGER NOT NULL DEFAULT 0,  -- places held: registered, paying, offered or confirmed
  fee_minor BIGINT NOT NULL DEFAULT 0,
  early_fee_minor BIGINT,
  early_until BIGINT,
  age_fees TEXT NOT NULL,            -- JSON: [{min_age, max_age, fee_minor}]
  result_kind TEXT NOT NULL,         -- time, distance, points, place
  categories TEXT NOT NULL,          -- JSON: ranking classes, [{code, gender, min_age, max_age}]
  bib_from INTEGER,
  bib_to INTEGER,
  position INTEGER NOT NULL,         -- order within the event
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX event_contests_by_event ON event_contests (event_id, position);

