-- The catalogue's full-text index of events (title, description, organizer), kept by the
-- events domain in the same transaction as the event (src/events/event_search.cpp). The
-- 'simple' configuration with unaccent-free lower-casing, as SQLite's unicode61 tokenizer:
-- words matched whole or by prefix, in any language, the same on both engines.
CREATE TABLE event_search (
  event_id BIGINT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
  document TSVECTOR NOT NULL
);
CREATE INDEX event_search_document ON event_search USING GIN (document);
