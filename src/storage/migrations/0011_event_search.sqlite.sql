-- The catalogue's full-text index of events (title, description, organizer), kept by the
-- events domain in the same transaction as the event (src/events/event_search.cpp). Words are
-- matched whole or by prefix, diacritics and letter case ignored, in any language.
CREATE VIRTUAL TABLE event_search USING fts5(
  title, description, organizer,
  tokenize = 'unicode61 remove_diacritics 2'
);
