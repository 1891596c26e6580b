// Pictures: an organisation's logo and an event's cover, their bytes in the blob store under
// the organisation or event, their media type on its row.
#include "accounts/avatar.hpp"
#include "core/runtime.hpp"
#include "events/event_store.hpp"
#include "events/events_policy.hpp"
#include "events/organisation_store.hpp"
#include "fitkit/error.hpp"
#include "fitkit/events.hpp"
#include "fitkit/id.hpp"
#include "fitkit/organisations.hpp"

namespace fitkit {
namespace events {

std::string logo_key(std::int64_t org_id) { return "orgs/" + format_id(IdKind::organisation, org_id) + "/logo"; }
std::string cover_key(std::int64_t event_id) { return "events/" + format_id(IdKind::event, event_id) + "/cover"; }

}  // namespace events

namespace {

// The stored bytes and the type they are, told by the bytes themselves, so that an interrupted
// replacement never mislabels them.
template <class Picture>
Picture read_picture(BlobStore& blobs, const std::string& key, const std::string& stored_type, const char* what) {
  auto bytes = blobs.get(key);
  if (!bytes) throw Error::not_found(std::string("there is no ") + what);
  const auto sniffed = accounts::sniff_image_type(*bytes);
  return {std::string(sniffed.value_or(stored_type)), std::move(*bytes)};
}

Organisation changeable_organisation(storage::Connection& c, const Actor& actor, std::int64_t org_id) {
  if (!actor.is_user()) throw Error::unauthenticated();
  auto org = events::existing_organisation(c, org_id, actor.user_id);
  if (!events::policy::can_change_organisation(actor, org.my_role))
    throw Error::permission_denied("only the organisation's owners and admins may change it");
  return org;
}

}  // namespace

Organisation OrganisationService::set_logo(const Actor& actor, std::int64_t org_id, std::string_view bytes) {
  const auto type = accounts::checked_picture(bytes, "logo", kPictureMaxBytes);
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  changeable_organisation(*c, actor, org_id);
  c->exec("UPDATE organisations SET logo_type = ?, updated_at = ? WHERE id = ?", {type, rt_.now(), org_id});
  // Stored before the commit: if the store fails, the organisation does not claim a logo.
  rt_.blobs->put(events::logo_key(org_id), bytes);
  auto out = events::existing_organisation(*c, org_id, actor.user_id);
  tx.commit();
  return out;
}

OrganisationService::Picture OrganisationService::logo(const Actor& actor, std::int64_t org_id) {
  auto c = rt_.db->acquire();
  const auto org = events::existing_organisation(*c, org_id, actor.user_id);
  if (!org.logo_type) throw Error::not_found("the organisation has no logo");
  return read_picture<Picture>(*rt_.blobs, events::logo_key(org_id), *org.logo_type, "logo");
}

Organisation OrganisationService::delete_logo(const Actor& actor, std::int64_t org_id) {
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  const auto org = changeable_organisation(*c, actor, org_id);
  if (!org.logo_type) throw Error::not_found("the organisation has no logo");
  c->exec("UPDATE organisations SET logo_type = NULL, updated_at = ? WHERE id = ?", {rt_.now(), org_id});
  c->after_commit([blobs = rt_.blobs, key = events::logo_key(org_id)] { blobs->remove(key); });
  auto out = events::existing_organisation(*c, org_id, actor.user_id);
  tx.commit();
  return out;
}

Event EventService::set_cover(const Actor& actor, std::int64_t event_id, std::string_view bytes) {
  const auto type = accounts::checked_picture(bytes, "cover", kPictureMaxBytes);
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  events::managed_event(*c, actor, event_id);
  c->exec("UPDATE events SET cover_type = ?, updated_at = ? WHERE id = ?", {type, rt_.now(), event_id});
  rt_.blobs->put(events::cover_key(event_id), bytes);
  auto out = *events::find_event(*c, actor, event_id);
  tx.commit();
  return out;
}

EventService::Picture EventService::cover(const Actor& actor, std::int64_t event_id, std::string_view link_token) {
  auto c = rt_.db->acquire();
  const auto e = events::visible_event(*c, actor, event_id, link_token);
  if (!e.cover_type) throw Error::not_found("the event has no cover");
  return read_picture<Picture>(*rt_.blobs, events::cover_key(event_id), *e.cover_type, "cover");
}

Event EventService::delete_cover(const Actor& actor, std::int64_t event_id) {
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  const auto e = events::managed_event(*c, actor, event_id);
  if (!e.cover_type) throw Error::not_found("the event has no cover");
  c->exec("UPDATE events SET cover_type = NULL, updated_at = ? WHERE id = ?", {rt_.now(), event_id});
  c->after_commit([blobs = rt_.blobs, key = events::cover_key(event_id)] { blobs->remove(key); });
  auto out = *events::find_event(*c, actor, event_id);
  tx.commit();
  return out;
}

}  // namespace fitkit
