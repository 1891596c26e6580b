-- Accounts, sessions, security events. Portable SQL: SQLite >= 3.40 and PostgreSQL >= 15.
-- Times are UTC epoch milliseconds; ids are app-generated 64-bit integers.

CREATE TABLE platform_secrets (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE users (
  id BIGINT PRIMARY KEY,
  email TEXT UNIQUE,                 -- normalized; NULL once the account is deleted
  password_hash TEXT,                -- Argon2id PHC string
  status TEXT NOT NULL,              -- pending, active, blocked, deleted
  language TEXT NOT NULL DEFAULT 'en',
  email_verified_at BIGINT,
  phone TEXT,
  phone_verified_at BIGINT,
  totp_secret TEXT,                  -- sealed with AES-256-GCM
  totp_enabled_at BIGINT,
  totp_last_step BIGINT,             -- each code is accepted once
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  deleted_at BIGINT
);

CREATE TABLE user_roles (
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  granted_by BIGINT,
  granted_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, role)
);

CREATE TABLE profiles (
  user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  first_name TEXT,
  last_name TEXT,
  nickname TEXT,
  nickname_key TEXT UNIQUE,          -- lower-cased nickname, for uniqueness
  gender TEXT,
  birth_date TEXT,                   -- YYYY-MM-DD
  city TEXT,
  time_zone TEXT NOT NULL DEFAULT 'UTC',
  about TEXT,
  height_cm DOUBLE PRECISION,
  weight_kg DOUBLE PRECISION,
  goal TEXT,
  level TEXT,
  interests TEXT NOT NULL DEFAULT '[]',  -- JSON array of activity types
  medical_notes TEXT,                -- the user and the coaches they authorise, nobody else
  privacy TEXT NOT NULL DEFAULT 'friends',
  avatar_type TEXT,
  updated_at BIGINT NOT NULL
);

CREATE TABLE medical_access (
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  coach_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  granted_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, coach_id)
);

CREATE TABLE user_metrics (
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  measured_on TEXT NOT NULL,         -- YYYY-MM-DD
  weight_kg DOUBLE PRECISION,
  height_cm DOUBLE PRECISION,
  resting_hr INTEGER,
  recorded_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, measured_on)
);

CREATE TABLE sessions (
  id BIGINT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  device_name TEXT,
  user_agent TEXT,
  ip TEXT,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  revoked_at BIGINT,
  revoke_reason TEXT
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- Every refresh token a session was given, stored only as SHA-256. A used one
-- presented again means it was stolen: the whole session ends.
CREATE TABLE refresh_tokens (
  token_hash TEXT PRIMARY KEY,
  session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  used_at BIGINT
);
CREATE INDEX refresh_tokens_by_session ON refresh_tokens (session_id);

-- Single-use tokens sent by mail: email verification, password reset, email change.
CREATE TABLE one_time_tokens (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  purpose TEXT NOT NULL,
  payload TEXT,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
CREATE INDEX one_time_tokens_by_user ON one_time_tokens (user_id, purpose);

CREATE TABLE recovery_codes (
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL,
  used_at BIGINT,
  PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE phone_verifications (
  user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  phone TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  sent_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0
);

-- Failed logins per account ("acct:EMAIL") and per address ("ip:ADDR").
CREATE TABLE login_throttle (
  throttle_key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  locked_until BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE audit_log (
  id BIGINT PRIMARY KEY,
  at BIGINT NOT NULL,
  event TEXT NOT NULL,
  actor_id BIGINT,
  subject_id BIGINT,
  ip TEXT,
  detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_by_subject ON audit_log (subject_id, id);
CREATE INDEX audit_log_by_event ON audit_log (event, id);
