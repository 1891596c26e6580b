// Photos shown with an event's results: added and removed by the organizers once the event is
// under way, seen by anyone who sees the event, each optionally tagged with the participant it
// shows, who may take the tag off. The bytes are in the blob store under the event.
#include "accounts/avatar.hpp"
#include "core/runtime.hpp"
#include "core/text_rules.hpp"
#include "events/event_store.hpp"
#include "events/registration_store.hpp"
#include "events/result_rules.hpp"
#include "fitkit/error.hpp"
#include "fitkit/id.hpp"
#include "fitkit/organisations.hpp"
#include "fitkit/results.hpp"

namespace fitkit {
namespace {

constexpr const char* kPhotoColumns = "id, event_id, registration_id, caption, content_type, size_bytes, added_at";

ResultPhoto read_photo(const storage::Row& r) {
  ResultPhoto p;
  p.id = r.i64(0);
  p.event_id = r.i64(1);
  p.registration_id = r.opt_i64(2);
  p.caption = r.opt_text(3);
  p.content_type = r.text(4);
  p.size_bytes = r.i64(5);
  p.added_at = r.i64(6);
  return p;
}

std::optional<ResultPhoto> find_photo(storage::Connection& c, std::int64_t photo_id) {
  std::optional<ResultPhoto> out;
  c.query(std::string("SELECT ") + kPhotoColumns + " FROM event_result_photos WHERE id = ?", {photo_id},
          [&](const storage::Row& r) { out = read_photo(r); });
  return out;
}

std::string photo_key(std::int64_t event_id, std::int64_t photo_id) {
  return "events/" + format_id(IdKind::event, event_id) + "/result-photos/" + format_id(IdKind::result_photo, photo_id);
}

// The photo if the actor sees its event; not_found word for word as for one that does not exist.
ResultPhoto seen_photo(storage::Connection& c, const Actor& actor, std::int64_t photo_id, std::string_view link_token,
                       Event* event = nullptr) {
  auto photo = find_photo(c, photo_id);
  if (!photo) throw Error::not_found("no such photo");
  try {
    auto e = events::visible_event(c, actor, photo->event_id, link_token);
    if (event) *event = std::move(e);
  } catch (const Error& e) {
    if (e.code() == ErrorCode::not_found) throw Error::not_found("no such photo");
    throw;
  }
  return *photo;
}

// The tag: a participant of this event who holds a place; invalid naming registration_id otherwise.
std::int64_t tagged_participant(storage::Connection& c, std::int64_t event_id, std::int64_t registration_id) {
  const auto r = events::find_registration(c, registration_id);
  if (!r || r->event_id != event_id) throw Error::invalid("registration_id", "no such participant of this event");
  events::check_takes_part(*r);
  return r->id;
}

std::optional<std::string> checked_caption(const std::optional<std::string>& caption) {
  if (!caption) return std::nullopt;
  auto out = text::free_text(*caption, "caption", kResultPhotoCaptionMaxChars);
  if (out.empty()) return std::nullopt;
  return out;
}

}  // namespace

ResultPhoto ResultService::add_photo(const Actor& actor, std::int64_t event_id, std::string_view bytes,
                                     std::optional<std::int64_t> registration_id, std::optional<std::string> caption) {
  const auto type = accounts::checked_picture(bytes, "file", kPictureMaxBytes);
  const auto text = checked_caption(caption);
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  const auto event = events::managed_event(*c, actor, event_id);
  events::check_results_open(event);
  if (registration_id) tagged_participant(*c, event_id, *registration_id);
  if (c->query_i64("SELECT COUNT(*) FROM event_result_photos WHERE event_id = ?", {event_id}).value_or(0) >=
      kMaxResultPhotos)
    throw Error::precondition("an event holds at most " + std::to_string(kMaxResultPhotos) + " photos");
  const auto id = rt_.next_id();
  c->exec("INSERT INTO event_result_photos (id, event_id, registration_id, caption, content_type, size_bytes, added_by,"
          " added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          {id, event_id, registration_id, text, type, static_cast<std::int64_t>(bytes.size()), actor.user_id,
           rt_.now()});
  // Stored before the commit: if the store fails, no row claims the photo.
  rt_.blobs->put(photo_key(event_id, id), bytes);
  auto out = *find_photo(*c, id);
  tx.commit();
  return out;
}

Page<ResultPhoto> ResultService::photos(const Actor& actor, std::int64_t event_id,
                                        std::optional<std::int64_t> registration_id,
                                        std::optional<std::int64_t> before_id, int limit, std::string_view link_token) {
  check_page_limit(limit);
  auto c = rt_.db->acquire();
  events::visible_event(*c, actor, event_id, link_token);
  std::vector<storage::Param> params{event_id, before_id.value_or(INT64_MAX)};
  if (registration_id) params.emplace_back(*registration_id);
  params.emplace_back(limit + 1);
  std::vector<ResultPhoto> rows;
  c->query(std::string("SELECT ") + kPhotoColumns + " FROM event_result_photos WHERE event_id = ? AND id < ?" +
               (registration_id ? " AND registration_id = ?" : "") + " ORDER BY id DESC LIMIT ?",
           params, [&](const storage::Row& r) { rows.push_back(read_photo(r)); });
  return Page<ResultPhoto>::from_rows(std::move(rows), limit);
}

ResultPhotoFile ResultService::photo(const Actor& actor, std::int64_t photo_id, std::string_view link_token) {
  auto c = rt_.db->acquire();
  auto photo = seen_photo(*c, actor, photo_id, link_token);
  auto bytes = rt_.blobs->get(photo_key(photo.event_id, photo_id));
  if (!bytes) throw Error::not_found("the photo's file is missing");
  return {std::move(photo), std::move(*bytes)};
}

void ResultService::remove_photo(const Actor& actor, std::int64_t photo_id) {
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  const auto photo = seen_photo(*c, actor, photo_id, {});
  events::managed_event(*c, actor, photo.event_id);
  c->exec("DELETE FROM event_result_photos WHERE id = ?", {photo_id});
  c->after_commit([blobs = rt_.blobs, key = photo_key(photo.event_id, photo_id)] { blobs->remove(key); });
  tx.commit();
}

ResultPhoto ResultService::untag_photo(const Actor& actor, std::int64_t photo_id) {
  if (!actor.is_user()) throw Error::unauthenticated();
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  Event event;
  const auto photo = seen_photo(*c, actor, photo_id, {}, &event);
  if (!photo.registration_id) throw Error::precondition("the photo is tagged with nobody");
  const auto tagged = events::find_registration(*c, *photo.registration_id);
  const bool shown_person = tagged && tagged->user_id && *tagged->user_id == actor.user_id;
  if (!shown_person && !event.can_manage)
    throw Error::permission_denied("only the participant it shows and the organizers take a tag off a photo");
  c->exec("UPDATE event_result_photos SET registration_id = NULL WHERE id = ?", {photo_id});
  auto out = *find_photo(*c, photo_id);
  tx.commit();
  return out;
}

}  // namespace fitkit
