-- Registration for events: the organizer's form, registrations with their place, payment,
-- waitlist, bib and ticket, documents, and the payment webhooks already handled.
-- See docs/registration.md.

ALTER TABLE events ADD COLUMN form TEXT NOT NULL DEFAULT '[]';  -- JSON: the typed questions

CREATE TABLE event_registrations (
  id BIGINT PRIMARY KEY,
  event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  contest_id BIGINT NOT NULL REFERENCES event_contests(id) ON DELETE CASCADE,
  user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,  -- null: added by an organizer without an account
  added_by BIGINT,                   -- the organizer who added them, if not themselves
  status TEXT NOT NULL,              -- docs/registration.md: the statuses
  holds_place INTEGER NOT NULL DEFAULT 0,  -- 1 while it counts in its contest's `taken`
  given_name TEXT NOT NULL,
  family_name TEXT NOT NULL,
  email TEXT,
  phone TEXT,
  birth_date TEXT,                   -- YYYY-MM-DD
  gender TEXT,
  level TEXT,
  club TEXT,
  team TEXT,
  bib INTEGER,
  answers TEXT NOT NULL DEFAULT '{}',  -- JSON: the form's answers
  fee_minor BIGINT NOT NULL DEFAULT 0,
  currency TEXT,
  payment_id TEXT,                   -- the provider's
  payment_attempt INTEGER NOT NULL DEFAULT 0,  -- part of the idempotency key of a payment
  payment_due_at BIGINT,             -- an unpaid place is released after this
  paid_at BIGINT,
  refunded_minor BIGINT NOT NULL DEFAULT 0,
  approved_at BIGINT,
  waitlisted_at BIGINT,              -- the waitlist's order
  offer_expires_at BIGINT,           -- an offered place is held until then
  status_reason TEXT,
  ticket_serial INTEGER NOT NULL DEFAULT 1,  -- a new serial voids the tickets issued before
  checked_in_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
-- One live registration per user and event; a withdrawn or rejected one may be followed by another.
CREATE UNIQUE INDEX event_registrations_one_per_user ON event_registrations (event_id, user_id)
  WHERE user_id IS NOT NULL AND status NOT IN ('withdrawn', 'rejected');
CREATE UNIQUE INDEX event_registrations_by_bib ON event_registrations (event_id, bib) WHERE bib IS NOT NULL;
CREATE INDEX event_registrations_by_event ON event_registrations (event_id, status, id);
CREATE INDEX event_registrations_waitlist ON event_registrations (contest_id, status, waitlisted_at, id);
CREATE INDEX event_registrations_by_user ON event_registrations (user_id, event_id);
CREATE INDEX event_registrations_by_payment ON event_registrations (payment_id);

-- A document of a registration (a medical certificate); its bytes are a blob.
CREATE TABLE registration_documents (
  id BIGINT PRIMARY KEY,
  registration_id BIGINT NOT NULL REFERENCES event_registrations(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,                -- medical_certificate, other
  content_type TEXT NOT NULL,        -- application/pdf, image/jpeg, image/png: from the bytes
  size_bytes BIGINT NOT NULL,
  file_name TEXT,
  status TEXT NOT NULL,              -- pending, accepted, rejected
  reason TEXT,                       -- why it was rejected
  reviewed_by BIGINT,
  reviewed_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX registration_documents_by_registration ON registration_documents (registration_id, id);

-- Webhooks of a payment provider already handled, by the provider's event id: the same
-- webhook twice changes nothing.
CREATE TABLE payment_webhook_events (
  provider TEXT NOT NULL,
  event_id TEXT NOT NULL,
  type TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  PRIMARY KEY (provider, event_id)
);
