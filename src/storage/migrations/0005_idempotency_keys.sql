-- Idempotency-Key of unsafe HTTP requests: the first answer to a (caller, key), kept for
-- 24 hours so that a retried request gets it again instead of running twice. The row is
-- named by an HMAC of caller and key, and the answer is sealed with a key derived from the
-- Idempotency-Key itself: what is stored opens only for a client that presents the key.
CREATE TABLE idempotency_keys (
  key_hash TEXT PRIMARY KEY,
  request_hash TEXT NOT NULL,   -- HMAC of method, target and body: the same key for another request is refused
  status INTEGER,               -- NULL while the first request is running
  content_type TEXT,
  answer TEXT,                  -- sealed body of the first answer
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  locked_until BIGINT NOT NULL  -- a first request still running after this was abandoned
);

CREATE INDEX idempotency_keys_expires_at ON idempotency_keys (expires_at);
