#include "events/registration_access.hpp"

#include "events/event_store.hpp"
#include "events/events_policy.hpp"
#include "events/registration_store.hpp"
#include "fitkit/error.hpp"

namespace fitkit::events {

ReachedRegistration seen_registration(storage::Connection& c, const Actor& actor, std::int64_t registration_id) {
  if (!actor.is_user()) throw Error::unauthenticated();
  auto r = find_registration(c, registration_id);
  if (!r) throw Error::not_found("no such registration");
  auto e = find_event(c, actor, r->event_id);
  if (!e) throw Error::not_found("no such registration");
  const auto facts = facts_of(c, actor, *e);
  if (!policy::can_see_registration(actor, facts, r->user_id)) throw Error::not_found("no such registration");
  ReachedRegistration out{std::move(*r), std::move(*e), policy::can_manage_event(actor, facts), false};
  out.registrant = policy::is_registrant(actor, out.registration.user_id);
  return out;
}

ReachedRegistration managed_registration(storage::Connection& c, const Actor& actor, std::int64_t registration_id) {
  auto out = seen_registration(c, actor, registration_id);
  if (!out.manager) throw Error::permission_denied("only the event's organizers may do this");
  return out;
}

ReachedRegistration own_registration(storage::Connection& c, const Actor& actor, std::int64_t registration_id) {
  auto out = seen_registration(c, actor, registration_id);
  if (!out.registrant) throw Error::permission_denied("only the registrant may do this");
  return out;
}

EventRegistration shown(EventRegistration r, bool contacts_visible) {
  r.contacts_visible = contacts_visible;
  if (contacts_visible) return r;
  r.email.reset();
  r.phone.reset();
  r.birth_date.reset();
  r.answers_json = "{}";
  r.documents.clear();
  r.payment_client_secret.reset();
  return r;
}

}  // namespace fitkit::events
