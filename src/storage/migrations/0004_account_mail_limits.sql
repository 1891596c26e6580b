-- Mail about an account (verification, password reset, "already registered") sent to
-- one address within the current hour-long window: a cap, so that nobody can flood
-- someone's mailbox through the anonymous operations that send it.
CREATE TABLE account_mail_limits (
  address TEXT PRIMARY KEY,
  window_started_at BIGINT NOT NULL,
  sent INTEGER NOT NULL
);
