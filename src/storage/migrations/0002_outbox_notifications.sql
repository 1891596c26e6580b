-- The durable outbox and in-app notifications.

-- A message that must reach someone, written in the same transaction as the
-- change that caused it and delivered by the dispatcher.
CREATE TABLE outbox (
  id BIGINT PRIMARY KEY,
  channel TEXT NOT NULL,             -- email, sms
  recipient TEXT NOT NULL,
  payload TEXT NOT NULL,             -- JSON: the rendered message
  idempotency_key TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL DEFAULT 'pending',  -- pending, delivered, failed
  due_at BIGINT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  claimed_until BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  delivered_at BIGINT
);
CREATE INDEX outbox_due ON outbox (status, due_at);

CREATE TABLE notifications (
  id BIGINT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  data TEXT NOT NULL DEFAULT '{}',
  repeat_count INTEGER NOT NULL DEFAULT 1,   -- a digest: one row for a repeating type
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  read_at BIGINT
);
CREATE INDEX notifications_by_user ON notifications (user_id, id);

CREATE TABLE notification_preferences (
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  channel TEXT NOT NULL,             -- in_app, email
  enabled INTEGER NOT NULL,
  PRIMARY KEY (user_id, type, channel)
);
