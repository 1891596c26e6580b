-- The organizers' panel of participants, and messages around an event: announcements, the
-- question and answer thread, and reminders before the start.
-- See docs/participants.md and docs/event-messages.md.

-- What finding a participant matches: search_text() of their names, club, team and email.
ALTER TABLE event_registrations ADD COLUMN search_key TEXT NOT NULL DEFAULT '';

CREATE TABLE event_announcements (
  id BIGINT PRIMARY KEY,
  event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  author_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
  contest_id BIGINT REFERENCES event_contests(id) ON DELETE SET NULL,  -- only its participants were told
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  recipients INTEGER NOT NULL,       -- how many participants were told
  created_at BIGINT NOT NULL
);
CREATE INDEX event_announcements_by_event ON event_announcements (event_id, id);

CREATE TABLE event_questions (
  id BIGINT PRIMARY KEY,
  event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  asker_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
  body TEXT NOT NULL,
  answer TEXT,
  answered_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  answered_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX event_questions_by_event ON event_questions (event_id, id);

-- The reminders sent before an event's start, one row per kind and start time: inserting the
-- row claims the reminder, so that two workers never send it twice and a start moved later is
-- reminded of again.
CREATE TABLE event_reminders (
  event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,                -- day (24 hours before), hour (1 hour before)
  starts_at BIGINT NOT NULL,         -- the start it reminded of
  sent_at BIGINT NOT NULL,
  recipients INTEGER NOT NULL,
  PRIMARY KEY (event_id, kind, starts_at)
);
