#include "events/event_store.hpp"

#include "core/crypto.hpp"
#include "events/event_rules.hpp"
#include "events/organisation_store.hpp"
#include "events/registration_form.hpp"
#include "events/registration_store.hpp"
#include "fitkit/error.hpp"

namespace fitkit::events {
namespace {

constexpr const char* kEventColumns =
    "e.id, e.owner_id, e.org_id, e.organizer_kind, e.title, e.description, e.type, e.status, e.visibility,"
    " e.link_token, e.featured, e.starts_at, e.ends_at, e.time_zone, e.registration_opens_at,"
    " e.registration_closes_at, e.online, e.place_name, e.address, e.latitude, e.longitude, e.audience,"
    " e.requirements, e.rules, e.scoring, e.winning_criteria, e.schedule, e.prize_fund, e.awards, e.currency,"
    " e.requires_approval, e.refund_percent, e.refund_until, e.status_reason, e.registrations, e.created_at,"
    " e.updated_at, e.archived_at, o.name, e.cover_type, e.form";

Event read_event(const storage::Row& r) {
  Event e;
  e.id = r.i64(0);
  e.owner_id = r.i64(1);
  e.org_id = r.opt_i64(2);
  e.organizer_kind = r.text(3);
  e.title = r.text(4);
  e.description = r.opt_text(5);
  e.type = r.text(6);
  e.status = r.text(7);
  e.visibility = r.text(8);
  e.link_token = r.text(9);
  e.featured = r.i64(10) != 0;
  e.starts_at = r.i64(11);
  e.ends_at = r.i64(12);
  e.time_zone = r.text(13);
  e.registration_opens_at = r.opt_i64(14);
  e.registration_closes_at = r.opt_i64(15);
  e.online = r.i64(16) != 0;
  e.place = {r.opt_text(17), r.opt_text(18), r.opt_f64(19), r.opt_f64(20)};
  e.audience = audience_of(r.text(21));
  e.requirements = requirements_of(r.text(22));
  e.rules = r.opt_text(23);
  e.scoring = r.opt_text(24);
  e.winning_criteria = r.opt_text(25);
  e.schedule = schedule_of(r.text(26));
  e.prize_fund = r.opt_text(27);
  e.awards = awards_of(r.text(28));
  e.currency = r.opt_text(29);
  e.requires_approval = r.i64(30) != 0;
  e.refund_percent = static_cast<int>(r.i64(31));
  e.refund_until = r.opt_i64(32);
  e.status_reason = r.opt_text(33);
  e.registrations = r.i64(34);
  e.created_at = r.i64(35);
  e.updated_at = r.i64(36);
  e.archived_at = r.opt_i64(37);
  if (auto org = r.opt_text(38)) e.organizer_name = *org;
  e.cover_type = r.opt_text(39);
  e.form = form_of(r.text(40));
  return e;
}

Contest read_contest(const storage::Row& r) {
  Contest k;
  k.id = r.i64(0);
  k.event_id = r.i64(1);
  k.name = r.text(2);
  k.sport = r.opt_text(3);
  k.distance_m = r.opt_f64(4);
  k.starts_at = r.opt_i64(5);
  k.capacity = r.opt_i64(6);
  k.taken = r.i64(7);
  k.fee_minor = r.i64(8);
  k.early_fee_minor = r.opt_i64(9);
  k.early_until = r.opt_i64(10);
  k.age_fees = age_fees_of(r.text(11));
  k.result_kind = r.text(12);
  k.categories = categories_of(r.text(13));
  k.bib_from = r.opt_i64(14);
  k.bib_to = r.opt_i64(15);
  k.position = static_cast<int>(r.i64(16));
  return k;
}

constexpr const char* kContestColumns =
    "id, event_id, name, sport, distance_m, starts_at, capacity, taken, fee_minor, early_fee_minor, early_until,"
    " age_fees, result_kind, categories, bib_from, bib_to, position";

}  // namespace

std::vector<Contest> contests_of(storage::Connection& c, std::int64_t event_id) {
  std::vector<Contest> out;
  c.query(std::string("SELECT ") + kContestColumns + " FROM event_contests WHERE event_id = ? ORDER BY position, id",
          {event_id}, [&](const storage::Row& r) { out.push_back(read_contest(r)); });
  return out;
}

std::optional<Contest> find_contest(storage::Connection& c, std::int64_t contest_id) {
  std::optional<Contest> out;
  c.query(std::string("SELECT ") + kContestColumns + " FROM event_contests WHERE id = ?", {contest_id},
          [&](const storage::Row& r) { out = read_contest(r); });
  return out;
}

std::optional<Event> find_event(storage::Connection& c, const Actor& actor, std::int64_t event_id) {
  std::optional<Event> out;
  c.query(std::string("SELECT ") + kEventColumns +
              " FROM events e LEFT JOIN organisations o ON o.id = e.org_id WHERE e.id = ?",
          {event_id}, [&](const storage::Row& r) { out = read_event(r); });
  if (!out) return out;
  if (!out->org_id) out->organizer_name = display_name(c, out->owner_id);
  c.query("SELECT slug FROM event_category_links WHERE event_id = ? ORDER BY slug", {event_id},
          [&](const storage::Row& r) { out->categories.push_back(r.text(0)); });
  out->contests = contests_of(c, event_id);
  const auto facts = facts_of(c, actor, *out);
  out->can_manage = policy::can_manage_event(actor, facts);
  if (!out->can_manage) out->link_token.reset();
  return out;
}

policy::EventFacts facts_of(storage::Connection& c, const Actor& actor, const Event& event, std::string_view link_token) {
  policy::EventFacts f;
  f.owner_id = event.owner_id;
  if (event.org_id && actor.is_user()) f.org_role = org_role(c, *event.org_id, actor.user_id);
  f.status = event.status;
  f.visibility = event.visibility;
  if (actor.is_user()) f.participant = takes_part(c, event.id, actor.user_id);
  // The token is compared before it is hidden from non-managers: find_event keeps it until then.
  if (!link_token.empty()) {
    const auto stored = c.query_text("SELECT link_token FROM events WHERE id = ?", {event.id});
    f.link_token_given = stored && crypto::constant_time_equal(*stored, link_token);
  }
  return f;
}

Event visible_event(storage::Connection& c, const Actor& actor, std::int64_t event_id, std::string_view link_token) {
  auto e = find_event(c, actor, event_id);
  if (!e || !policy::can_view_event(actor, facts_of(c, actor, *e, link_token))) throw Error::not_found("no such event");
  return *e;
}

Event managed_event(storage::Connection& c, const Actor& actor, std::int64_t event_id) {
  if (!actor.is_user()) throw Error::unauthenticated();
  auto e = find_event(c, actor, event_id);
  if (!e) throw Error::not_found("no such event");
  const auto facts = facts_of(c, actor, *e);
  if (!policy::can_view_event(actor, facts)) throw Error::not_found("no such event");
  if (!policy::can_manage_event(actor, facts)) throw Error::permission_denied("only the event's organizers may do this");
  return *e;
}

}  // namespace fitkit::events
