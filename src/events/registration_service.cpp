// Registering, withdrawing, the waitlist's offers and the organizers' approval.
#include "core/text_rules.hpp"
#include "core/time_format.hpp"
#include "events/event_store.hpp"
#include "events/events_policy.hpp"
#include "events/ranking.hpp"
#include "events/registration_access.hpp"
#include "events/registration_flow.hpp"
#include "events/registration_form.hpp"
#include "events/registration_person.hpp"
#include "events/registration_rules.hpp"
#include "events/registration_store.hpp"
#include "fitkit/error.hpp"
#include "fitkit/registrations.hpp"

namespace fitkit {
namespace {

void check_open(const Event& e, std::int64_t now) {
  if (e.status == "cancelled") throw Error::precondition("the event is cancelled");
  if (e.status != "registration_open")
    throw Error::precondition("registration is not open: the event is " + e.status);
  if (e.registration_opens_at && now < *e.registration_opens_at)
    throw Error::precondition("registration opens at " + format_utc(*e.registration_opens_at));
  const auto closes = e.registration_closes_at.value_or(e.starts_at);
  if (now >= closes) throw Error::precondition("registration closed at " + format_utc(closes));
}

// Releases the contest's offers and unpaid places whose time is up, in a transaction of its own
// so that it stands whatever the caller's own change then does.
void expire_contest_holds(Runtime& rt, std::int64_t contest_id) {
  storage::retry_on_conflict([&] {
    auto c = rt.db->acquire();
    storage::Transaction tx(*c);
    events::release_expired(rt, *c, contest_id);
    tx.commit();
  });
}

}  // namespace

EventRegistration RegistrationService::register_for(const Actor& actor, std::int64_t event_id,
                                               const EventRegistrationFields& fields, std::string_view link_token) {
  if (!actor.is_user()) throw Error::unauthenticated();
  expire_contest_holds(rt_, fields.contest_id);
  std::int64_t id = 0;
  std::string status;
  {
    auto c = rt_.db->acquire();
    events::EventRegistrationLock one_at_a_time(*c, event_id);
    storage::Transaction tx(*c);
    const auto event = events::visible_event(*c, actor, event_id, link_token);
    const auto now = rt_.now();
    check_open(event, now);
    const auto& contest = events::contest_in(event, fields.contest_id);
    if (auto existing = events::live_registration_of(*c, event_id, actor.user_id))
      throw Error::already_exists("you are already registered for this event (" +
                                  format_id(IdKind::registration, *existing) + ")");
    const auto p = events::person_of(*c, actor.user_id, fields);
    if (auto refusal = events::ineligibility(event, {p.birth_date, p.gender, p.level}))
      throw Error::precondition(refusal->reason, refusal->field);
    const auto answers = events::checked_answers(event.form, fields.answers_json);
    const auto age = p.birth_date ? events::age_on(*p.birth_date, events::event_day(event)) : std::nullopt;
    const auto fee = events::fee_for(contest, age, now);
    const bool placed = events::take_place(*c, contest.id, event_id);
    id = rt_.next_id();
    status = placed ? "registered" : "waitlisted";
    events::insert_registration(*c, {.id = id,
                                     .event_id = event_id,
                                     .contest_id = contest.id,
                                     .user_id = actor.user_id,
                                     .added_by = std::nullopt,
                                     .status = status,
                                     .person = p,
                                     .answers_json = answers,
                                     .fee_minor = fee,
                                     .currency = fee > 0 ? event.currency : std::nullopt,
                                     .waitlisted_at = placed ? std::nullopt : std::optional(now),
                                     .approved_at = std::nullopt,
                                     .bib = std::nullopt,
                                     .now = now});
    auto r = *events::find_registration(*c, id);
    if (placed) {
      status = events::advance(rt_, *c, r, event);
      // A payment due is charged next, and its outcome told then.
      if (status == "registered" || status == "paid")
        events::notify_registrant(rt_, *c, *events::find_registration(*c, id), "registration_received");
    } else {
      events::notify_registrant(rt_, *c, r, "registration_waitlisted", {{"position", std::to_string(r.waitlist_position.value_or(1))}});
    }
    tx.commit();
  }
  if (status == "awaiting_payment") return events::shown(events::charge(rt_, id), true);
  return get(actor, id);
}

EventRegistration RegistrationService::get(const Actor& actor, std::int64_t registration_id) {
  auto c = rt_.db->acquire();
  auto reached = events::seen_registration(*c, actor, registration_id);
  return events::shown(std::move(reached.registration), true);
}

Page<EventRegistration> RegistrationService::mine(const Actor& actor, std::optional<std::int64_t> before_id, int limit) {
  if (!actor.is_user()) throw Error::unauthenticated();
  check_page_limit(limit);
  auto c = rt_.db->acquire();
  std::vector<std::int64_t> ids;
  c->query("SELECT id FROM event_registrations WHERE user_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
           {actor.user_id, before_id.value_or(INT64_MAX), limit + 1}, [&](const storage::Row& r) { ids.push_back(r.i64(0)); });
  std::vector<EventRegistration> rows;
  for (auto id : ids) rows.push_back(events::shown(*events::find_registration(*c, id), true));
  return Page<EventRegistration>::from_rows(std::move(rows), limit);
}

EventRegistration RegistrationService::withdraw(const Actor& actor, std::int64_t registration_id,
                                           std::optional<std::string> reason) {
  std::optional<events::Refund> refund;
  storage::retry_on_conflict([&] {
    auto c = rt_.db->acquire();
    storage::Transaction tx(*c);
    auto reached = events::own_registration(*c, actor, registration_id);
    const auto& r = reached.registration;
    if (!events::is_live(r.status)) throw Error::precondition("the registration is already " + r.status);
    if (r.status == "checked_in" || r.status == "finished" || r.status == "dns" || r.status == "dnf" ||
        r.status == "dsq" || reached.event.status == "in_progress" || reached.event.status == "finished")
      throw Error::precondition("the event has started: ask its organizers");
    if (reason) reason = text::one_line(*reason, "reason", 500);
    events::give_up_place(rt_, *c, r, "withdrawn", reason);
    refund = events::refund_due(r, events::refund_for(reached.event, r.fee_minor - r.refunded_minor, rt_.now()),
                                "withdrawn");
    tx.commit();
  });
  if (refund) events::make_refunds(rt_, {*refund});
  return get(actor, registration_id);
}

EventRegistration RegistrationService::pay(const Actor& actor, std::int64_t registration_id) {
  {
    auto c = rt_.db->acquire();
    const auto reached = events::own_registration(*c, actor, registration_id);
    if (reached.registration.status != "awaiting_payment")
      throw Error::precondition("the registration is " + reached.registration.status + ", not awaiting payment");
  }
  return events::shown(events::charge(rt_, registration_id), true);
}

EventRegistration RegistrationService::accept_offer(const Actor& actor, std::int64_t registration_id) {
  std::string status;
  if (auto c = rt_.db->acquire(); auto r = events::find_registration(*c, registration_id)) {
    const auto contest_id = r->contest_id;
    c.reset();
    expire_contest_holds(rt_, contest_id);
  }
  storage::retry_on_conflict([&] {
    auto c = rt_.db->acquire();
    storage::Transaction tx(*c);
    auto reached = events::own_registration(*c, actor, registration_id);
    const auto& r = reached.registration;
    if (r.status != "offered")
      throw Error::precondition(r.status == "withdrawn" && r.status_reason ? "the offer is over: " + *r.status_reason
                                                                           : "no place is offered to you");
    c->exec("UPDATE event_registrations SET status = 'registered', offer_expires_at = NULL, updated_at = ? WHERE id = ?",
            {rt_.now(), registration_id});
    auto moved = *events::find_registration(*c, registration_id);
    status = events::advance(rt_, *c, moved, reached.event);
    tx.commit();
  });
  if (status == "awaiting_payment") return events::shown(events::charge(rt_, registration_id), true);
  return get(actor, registration_id);
}

EventRegistration RegistrationService::decline_offer(const Actor& actor, std::int64_t registration_id) {
  storage::retry_on_conflict([&] {
    auto c = rt_.db->acquire();
    storage::Transaction tx(*c);
    auto reached = events::own_registration(*c, actor, registration_id);
    if (reached.registration.status != "offered") throw Error::precondition("no place is offered to you");
    events::give_up_place(rt_, *c, reached.registration, "withdrawn", std::string("the offered place was declined"));
    tx.commit();
  });
  return get(actor, registration_id);
}

EventRegistration RegistrationService::approve(const Actor& actor, std::int64_t registration_id) {
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  auto reached = events::managed_registration(*c, actor, registration_id);
  const auto& r = reached.registration;
  if (!reached.event.requires_approval) throw Error::precondition("the event does not ask for approval");
  if (r.approved_at) throw Error::precondition("the registration is already approved");
  if (r.status != "registered") throw Error::precondition("the registration is " + r.status + ", not an application");
  c->exec("UPDATE event_registrations SET approved_at = ?, updated_at = ? WHERE id = ?", {rt_.now(), rt_.now(), registration_id});
  events::advance(rt_, *c, *events::find_registration(*c, registration_id), reached.event);
  auto out = *events::find_registration(*c, registration_id);
  tx.commit();
  return events::shown(std::move(out), true);
}

EventRegistration RegistrationService::reject(const Actor& actor, std::int64_t registration_id, std::string_view reason) {
  std::optional<events::Refund> refund;
  storage::retry_on_conflict([&] {
    auto c = rt_.db->acquire();
    storage::Transaction tx(*c);
    auto reached = events::managed_registration(*c, actor, registration_id);
    const auto& r = reached.registration;
    const auto why = text::one_line(reason, "reason", 500);
    if (r.status != "registered" && r.status != "awaiting_payment" && r.status != "paid" &&
        r.status != "waitlisted" && r.status != "offered")
      throw Error::precondition("a registration that is " + r.status + " is not an application to reject");
    events::give_up_place(rt_, *c, r, "rejected", why);
    events::notify_registrant(rt_, *c, *events::find_registration(*c, registration_id), "registration_rejected",
                              {{"reason", why}});
    refund = events::refund_due(r, r.fee_minor, "rejected");
    tx.commit();
  });
  if (refund) events::make_refunds(rt_, {*refund});
  return get(actor, registration_id);
}

int RegistrationService::expire_holds() {
  return storage::retry_on_conflict([&] {
    auto c = rt_.db->acquire();
    storage::Transaction tx(*c);
    const int released = events::release_expired(rt_, *c, std::nullopt);
    tx.commit();
    return released;
  });
}

}  // namespace fitkit
