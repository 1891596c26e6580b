// The organizers' panel: the participant list, adding, moving and removing people, and
// statuses by hand.
#include <algorithm>

#include "core/runtime.hpp"
#include "core/text_rules.hpp"
#include "events/event_store.hpp"
#include "events/participant_query.hpp"
#include "events/registration_access.hpp"
#include "events/registration_flow.hpp"
#include "events/registration_form.hpp"
#include "events/registration_person.hpp"
#include "events/registration_rules.hpp"
#include "events/registration_store.hpp"
#include "events/result_store.hpp"
#include "fitkit/error.hpp"
#include "fitkit/participants.hpp"

namespace fitkit {
namespace {

constexpr std::int64_t kMaxBib = 10'000'000;

void check_bib(storage::Connection& c, std::int64_t event_id, std::int64_t bib, std::int64_t except_id) {
  if (bib < 1 || bib > kMaxBib) throw Error::invalid("bib", "bib must be from 1 to " + std::to_string(kMaxBib));
  if (events::bib_taken(c, event_id, bib, except_id))
    throw Error::already_exists("bib " + std::to_string(bib) + " is taken by another participant", "bib");
}

[[noreturn]] void refuse_full(const Contest& contest) {
  throw Error::precondition("the contest " + contest.name + " is full (" + std::to_string(contest.capacity.value_or(0)) +
                                " places): raise its capacity or move someone out",
                            "contest_id");
}

}  // namespace

Page<EventRegistration> ParticipantService::list(const Actor& actor, std::int64_t event_id,
                                                 const ParticipantFilter& filter, std::optional<std::int64_t> after_id,
                                                 int limit) {
  check_page_limit(limit);
  auto c = rt_.db->acquire();
  const auto event = events::managed_event(*c, actor, event_id);
  const auto where = events::participant_condition(event, filter);
  auto rows = events::registrations_of_event(*c, event_id, where.sql, where.params(), after_id.value_or(0), limit + 1);
  for (auto& r : rows) r = events::shown(std::move(r), true);
  return Page<EventRegistration>::from_rows(std::move(rows), limit);
}

EventRegistration ParticipantService::add(const Actor& actor, std::int64_t event_id, const NewParticipant& n) {
  std::int64_t id = 0;
  storage::retry_on_conflict([&] {
    auto c = rt_.db->acquire();
    events::EventRegistrationLock one_at_a_time(*c, event_id);
    storage::Transaction tx(*c);
    const auto event = events::managed_event(*c, actor, event_id);
    if (event.status == "cancelled" || event.status == "finished")
      throw Error::precondition("the event is " + event.status + ": it takes no participants");
    const auto& contest = events::contest_in(event, n.fields.contest_id);
    if (n.user_id) {
      if (!c->query_i64("SELECT 1 FROM users WHERE id = ? AND status <> 'deleted'", {*n.user_id}))
        throw Error::not_found("no such user");
      if (auto existing = events::live_registration_of(*c, event_id, *n.user_id))
        throw Error::already_exists("the user is already registered for this event (" +
                                        format_id(IdKind::registration, *existing) + ")",
                                    "user_id");
    }
    const auto person = events::person_of(*c, n.user_id, n.fields);
    const auto answers = events::checked_answers(event.form, n.fields.answers_json, events::Required::waived);
    id = rt_.next_id();
    if (n.bib) check_bib(*c, event_id, *n.bib, id);
    if (!events::take_place(*c, contest.id, event_id)) refuse_full(contest);
    const auto now = rt_.now();
    events::insert_registration(*c, {.id = id,
                                     .event_id = event_id,
                                     .contest_id = contest.id,
                                     .user_id = n.user_id,
                                     .added_by = actor.user_id,
                                     .status = "confirmed",
                                     .person = person,
                                     .answers_json = answers,
                                     .fee_minor = 0,
                                     .currency = std::nullopt,
                                     .waitlisted_at = std::nullopt,
                                     .approved_at = now,
                                     .bib = n.bib,
                                     .now = now});
    events::notify_registrant(rt_, *c, *events::find_registration(*c, id), "registration_confirmed");
    tx.commit();
  });
  auto c = rt_.db->acquire();
  return events::shown(*events::find_registration(*c, id), true);
}

EventRegistration ParticipantService::move(const Actor& actor, std::int64_t registration_id, std::int64_t contest_id) {
  std::optional<std::int64_t> event_id;
  if (auto c = rt_.db->acquire(); auto r = events::find_registration(*c, registration_id)) event_id = r->event_id;
  storage::retry_on_conflict([&] {
    auto c = rt_.db->acquire();
    std::optional<events::EventRegistrationLock> one_at_a_time;
    if (event_id) one_at_a_time.emplace(*c, *event_id);
    storage::Transaction tx(*c);
    const auto reached = events::managed_registration(*c, actor, registration_id);
    const auto& r = reached.registration;
    const auto& to = events::contest_in(reached.event, contest_id);
    if (to.id == r.contest_id) throw Error::precondition("the participant is already in " + to.name, "contest_id");
    const auto& s = r.status;
    if (s != "registered" && s != "awaiting_payment" && s != "paid" && s != "confirmed" && s != "checked_in")
      throw Error::precondition("a registration that is " + s + " cannot be moved");
    if (!events::take_place(*c, to.id, r.event_id)) refuse_full(to);
    c->exec("UPDATE event_registrations SET contest_id = ?, updated_at = ? WHERE id = ?",
            {to.id, rt_.now(), registration_id});
    events::release_place(*c, r.contest_id, r.event_id);
    events::offer_free_places(rt_, *c, r.contest_id);
    events::notify_registrant(rt_, *c, *events::find_registration(*c, registration_id), "participant_moved",
                              {{"contest", to.name}});
    tx.commit();
  });
  auto c = rt_.db->acquire();
  return events::shown(*events::find_registration(*c, registration_id), true);
}

EventRegistration ParticipantService::remove(const Actor& actor, std::int64_t registration_id, std::string_view reason,
                                             bool refund) {
  std::optional<events::Refund> due;
  storage::retry_on_conflict([&] {
    auto c = rt_.db->acquire();
    storage::Transaction tx(*c);
    const auto reached = events::managed_registration(*c, actor, registration_id);
    const auto& r = reached.registration;
    const auto why = text::one_line(reason, "reason", 500);
    if (!events::is_live(r.status)) throw Error::precondition("the registration is already " + r.status);
    events::give_up_place(rt_, *c, r, "withdrawn", "removed by the organizers: " + why);
    // Someone removed after the race leaves the results with their place.
    if (events::result_of_registration(*c, registration_id)) {
      events::delete_result(*c, registration_id, rt_.now());
      events::rerank_contest(*c, reached.event, events::contest_in(reached.event, r.contest_id));
    }
    events::notify_registrant(rt_, *c, *events::find_registration(*c, registration_id), "participant_removed",
                              {{"reason", why}});
    if (refund) due = events::refund_due(r, r.fee_minor - r.refunded_minor, "removed");
    tx.commit();
  });
  if (due) events::make_refunds(rt_, {*due});
  auto c = rt_.db->acquire();
  return events::shown(*events::find_registration(*c, registration_id), true);
}

EventRegistration ParticipantService::set_status(const Actor& actor, std::int64_t registration_id,
                                                 std::string_view status, std::optional<std::string> reason) {
  storage::retry_on_conflict([&] {
    auto c = rt_.db->acquire();
    storage::Transaction tx(*c);
    const auto reached = events::managed_registration(*c, actor, registration_id);
    const auto& r = reached.registration;
    if (reason) reason = text::one_line(*reason, "reason", 500);
    if (auto refusal = events::manual_status_refusal(r.status, status, reached.event.status))
      throw Error::precondition(*refusal, "status");
    if (status == "dsq" && !reason) throw Error::invalid("reason", "a disqualification needs its reason");
    const auto now = rt_.now();
    events::set_status(*c, registration_id, status, reason, now);
    if (status == "confirmed") {
      // Whatever was still due is settled by the organizers' word.
      c->exec("UPDATE event_registrations SET approved_at = COALESCE(approved_at, ?), payment_due_at = NULL,"
              " checked_in_at = NULL WHERE id = ?",
              {now, registration_id});
    } else if (status == "checked_in") {
      c->exec("UPDATE event_registrations SET checked_in_at = COALESCE(checked_in_at, ?) WHERE id = ?",
              {now, registration_id});
    }
    const auto changed = *events::find_registration(*c, registration_id);
    events::notify_registrant(rt_, *c, changed, "participant_status",
                              {{"status_words", std::string(events::status_words(status))},
                               {"reason", reason.value_or("")}});
    tx.commit();
  });
  auto c = rt_.db->acquire();
  return events::shown(*events::find_registration(*c, registration_id), true);
}

}  // namespace fitkit
