// Contests of an event: each with its capacity, fees, result kind, ranking categories and bibs.
#include <algorithm>

#include "core/runtime.hpp"
#include "core/text_rules.hpp"
#include "events/event_rules.hpp"
#include "events/event_store.hpp"
#include "events/registration_store.hpp"
#include "fitkit/error.hpp"
#include "fitkit/events.hpp"
#include "workouts/workout_rules.hpp"

namespace fitkit {
namespace {

constexpr std::int64_t kMaxFeeMinor = 100'000'000, kMaxCapacity = 1'000'000, kMaxBib = 10'000'000;

std::int64_t checked_fee(std::int64_t fee, const char* field) {
  if (fee < 0 || fee > kMaxFeeMinor) throw Error::invalid(field, std::string(field) + " must be from 0 to 100000000 (minor units)");
  return fee;
}

Contest merged(const Contest* current, const ContestFields& f, const Event& event) {
  Contest k = current ? *current : Contest{};
  if (!current) {
    if (!f.name) throw Error::invalid("name", "name is required");
    k.result_kind = "time";
  }
  if (f.name) k.name = text::one_line(*f.name, "name", 100);
  events::apply_change(f.sport, k.sport, [](const std::string& v) {
    workouts::require_sport(v);
    return v;
  });
  events::apply_change(f.distance_m, k.distance_m, [](double v) {
    if (!(v > 0 && v <= 10'000'000)) throw Error::invalid("distance_m", "distance_m must be from 0 to 10000 km");
    return v;
  });
  events::apply_change(f.starts_at, k.starts_at, [](std::int64_t v) { return v; });
  events::apply_change(f.capacity, k.capacity, [](std::int64_t v) {
    if (v < 1 || v > kMaxCapacity) throw Error::invalid("capacity", "capacity must be from 1 to 1000000");
    return v;
  });
  if (f.fee_minor) k.fee_minor = checked_fee(*f.fee_minor, "fee_minor");
  events::apply_change(f.early_fee_minor, k.early_fee_minor, [](std::int64_t v) { return checked_fee(v, "early_fee_minor"); });
  events::apply_change(f.early_until, k.early_until, [](std::int64_t v) { return v; });
  if (f.age_fees) k.age_fees = events::checked_age_fees(*f.age_fees);
  if (f.result_kind) {
    events::check_result_kind(*f.result_kind);
    k.result_kind = *f.result_kind;
  }
  if (f.categories) k.categories = events::checked_categories(*f.categories);
  const auto bib = [](const char* field) {
    return [field](std::int64_t v) {
      if (v < 1 || v > kMaxBib) throw Error::invalid(field, std::string(field) + " must be from 1 to 10000000");
      return v;
    };
  };
  events::apply_change(f.bib_from, k.bib_from, bib("bib_from"));
  events::apply_change(f.bib_to, k.bib_to, bib("bib_to"));
  if (k.bib_from.has_value() != k.bib_to.has_value())
    throw Error::invalid("bib_to", "give both bib_from and bib_to, or neither");
  if (k.bib_from && *k.bib_to < *k.bib_from) throw Error::invalid("bib_to", "bib_to is below bib_from");
  if (k.early_fee_minor.has_value() != k.early_until.has_value())
    throw Error::invalid("early_until", "an early-bird fee needs early_until, and early_until a fee");
  if (k.starts_at && (*k.starts_at < event.starts_at || *k.starts_at > event.ends_at))
    throw Error::invalid("starts_at", "a contest starts within its event");
  const bool paid = k.fee_minor > 0 || k.early_fee_minor.value_or(0) > 0 ||
                    std::any_of(k.age_fees.begin(), k.age_fees.end(), [](auto& a) { return a.fee_minor > 0; });
  if (paid && !event.currency)
    throw Error::precondition("set the event's currency before giving a contest a fee", "currency");
  return k;
}

// The JSON texts of a contest's lists, kept alive while they are bound as parameters.
struct StoredTexts {
  std::string age_fees, categories;
  explicit StoredTexts(const Contest& k)
      : age_fees(events::age_fees_text(k.age_fees)), categories(events::categories_text(k.categories)) {}
};

// The values from name to bib_to, in the order of the statements below; they refer to `k` and
// `texts`, which must outlive them.
std::vector<storage::Param> row_params(const Contest& k, const StoredTexts& texts) {
  return {k.name,      k.sport,          k.distance_m,  k.starts_at,        k.capacity,
          k.fee_minor, k.early_fee_minor, k.early_until, texts.age_fees,     k.result_kind,
          texts.categories, k.bib_from,  k.bib_to};
}

void check_bib_ranges(storage::Connection& c, const Contest& k) {
  if (!k.bib_from) return;
  if (c.query_i64("SELECT 1 FROM event_contests WHERE event_id = ? AND id <> ? AND bib_from IS NOT NULL"
                  " AND bib_from <= ? AND bib_to >= ?",
                  {k.event_id, k.id, *k.bib_to, *k.bib_from}))
    throw Error::invalid("bib_from", "the bib range overlaps another contest's");
}

Contest changeable_contest(storage::Connection& c, const Actor& actor, std::int64_t contest_id, Event& event) {
  if (!actor.is_user()) throw Error::unauthenticated();
  auto k = events::find_contest(c, contest_id);
  if (!k) throw Error::not_found("no such contest");
  event = events::managed_event(c, actor, k->event_id);
  if (event.status == "finished" || event.status == "cancelled")
    throw Error::precondition("a " + event.status + " event no longer changes");
  return *k;
}

}  // namespace

Contest EventService::add_contest(const Actor& actor, std::int64_t event_id, const ContestFields& fields) {
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  const auto event = events::managed_event(*c, actor, event_id);
  if (event.status == "finished" || event.status == "cancelled")
    throw Error::precondition("a " + event.status + " event no longer changes");
  if (event.contests.size() >= 50) throw Error::precondition("an event has at most 50 contests");
  auto k = merged(nullptr, fields, event);
  k.id = rt_.next_id();
  k.event_id = event_id;
  check_bib_ranges(*c, k);
  const auto now = rt_.now();
  const StoredTexts texts(k);
  auto params = row_params(k, texts);
  params.insert(params.begin(), {k.id, event_id});
  params.insert(params.end(), {static_cast<std::int64_t>(event.contests.size()), now, now});
  c->exec(
      "INSERT INTO event_contests (id, event_id, name, sport, distance_m, starts_at, capacity, fee_minor,"
      " early_fee_minor, early_until, age_fees, result_kind, categories, bib_from, bib_to, position, created_at,"
      " updated_at) VALUES (" + storage::placeholders(params.size()) + ")",
      params);
  auto out = *events::find_contest(*c, k.id);
  tx.commit();
  return out;
}

Contest EventService::update_contest(const Actor& actor, std::int64_t contest_id, const ContestFields& fields) {
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  Event event;
  const auto current = changeable_contest(*c, actor, contest_id, event);
  const auto k = merged(&current, fields, event);
  if (k.capacity && *k.capacity < current.taken)
    throw Error::precondition("capacity is below the " + std::to_string(current.taken) + " places already taken",
                              "capacity");
  check_bib_ranges(*c, k);
  const StoredTexts texts(k);
  auto params = row_params(k, texts);
  params.insert(params.end(), {rt_.now(), contest_id});
  c->exec(
      "UPDATE event_contests SET name = ?, sport = ?, distance_m = ?, starts_at = ?, capacity = ?, fee_minor = ?,"
      " early_fee_minor = ?, early_until = ?, age_fees = ?, result_kind = ?, categories = ?, bib_from = ?,"
      " bib_to = ?, updated_at = ? WHERE id = ?",
      params);
  events::offer_free_places(rt_, *c, contest_id);  // a larger capacity frees places for the waitlist
  auto out = *events::find_contest(*c, contest_id);
  tx.commit();
  return out;
}

void EventService::remove_contest(const Actor& actor, std::int64_t contest_id) {
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  Event event;
  changeable_contest(*c, actor, contest_id, event);
  if (c->query_i64("SELECT 1 FROM event_registrations WHERE contest_id = ? LIMIT 1", {contest_id}))
    throw Error::precondition("people are registered for this contest; move or remove them first");
  c->exec("DELETE FROM event_contests WHERE id = ?", {contest_id});
  tx.commit();
}

}  // namespace fitkit
