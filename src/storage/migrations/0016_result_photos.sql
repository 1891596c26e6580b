-- Photos shown with an event's results (the finish line, the podium), each optionally tagged with
-- the participant it shows. Their bytes are in the blob store. See docs/results.md, "Photos".

CREATE TABLE event_result_photos (
  id BIGINT PRIMARY KEY,
  event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  registration_id BIGINT REFERENCES event_registrations(id) ON DELETE SET NULL,
  caption TEXT,
  content_type TEXT NOT NULL,        -- image/jpeg, image/png or image/webp
  size_bytes BIGINT NOT NULL,
  added_by BIGINT,
  added_at BIGINT NOT NULL
);
CREATE INDEX event_result_photos_by_event ON event_result_photos (event_id, id);
CREATE INDEX event_result_photos_by_registration ON event_result_photos (registration_id, id);
