#include "events/registration_rules.hpp"

#include <algorithm>

#include "accounts/time_zone.hpp"
#include "events/ranking.hpp"  // age_on
#include "fitkit/error.hpp"

namespace fitkit {

const std::vector<std::string_view>& registration_statuses() noexcept {
  static const std::vector<std::string_view> statuses{
      "registered", "awaiting_payment", "paid", "confirmed", "waitlisted", "offered", "checked_in",
      "finished",   "withdrawn",        "rejected", "dns",     "dnf",        "dsq"};
  return statuses;
}

namespace events {
namespace {

bool contains(const std::vector<std::string>& list, const std::optional<std::string>& value) {
  return value && std::find(list.begin(), list.end(), *value) != list.end();
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

}  // namespace

bool holds_place(std::string_view status) {
  return status != "waitlisted" && status != "withdrawn" && status != "rejected";
}

bool is_live(std::string_view status) { return status != "withdrawn" && status != "rejected"; }

std::optional<std::string> manual_status_refusal(std::string_view from, std::string_view to,
                                                 std::string_view event_status) {
  const auto in = [](std::string_view s, std::initializer_list<std::string_view> set) {
    return std::find(set.begin(), set.end(), s) != set.end();
  };
  if (!in(to, {"confirmed", "checked_in", "finished", "dns", "dnf", "dsq"}))
    throw Error::invalid("status", "status must be confirmed, checked_in, finished, dns, dnf or dsq");
  if (from == to) return "the registration is already " + std::string(from);
  if (!holds_place(from) || from == "offered")
    return "a registration that is " + std::string(from) + " holds no place";
  if (event_status == "cancelled") return std::string("the event is cancelled");
  if (to == "confirmed") return std::nullopt;  // any place holder: an application, a payment, a step waived, an undo
  if (!in(from, {"confirmed", "checked_in", "finished", "dns", "dnf", "dsq"}))
    return "a registration that is " + std::string(from) + " must be confirmed first";
  if (to == "checked_in") return std::nullopt;
  if (event_status != "in_progress" && event_status != "finished")
    return std::string(to) + " is for an event that has started; it is " + std::string(event_status);
  return std::nullopt;
}

std::string_view status_words(std::string_view status) {
  if (status == "dns") return "did not start";
  if (status == "dnf") return "did not finish";
  if (status == "dsq") return "disqualified";
  if (status == "checked_in") return "checked in";
  if (status == "awaiting_payment") return "awaiting payment";
  return status;
}

std::string status_after(const Steps& s) {
  if (s.approval_due) return "registered";
  if (s.payment_due) return "awaiting_payment";
  if (s.certificate_due) return s.paid ? "paid" : "registered";
  return "confirmed";
}

const Contest& contest_in(const Event& event, std::int64_t contest_id) {
  for (const auto& k : event.contests)
    if (k.id == contest_id) return k;
  throw Error::invalid("contest_id", "the event has no such contest");
}

std::string event_day(const Event& event) { return accounts::local_date(event.starts_at, event.time_zone); }

std::optional<Refusal> ineligibility(const Event& event, const Person& person) {
  const auto& a = event.audience;
  if (a.min_age || a.max_age) {
    const std::string range = a.min_age && a.max_age ? "ages " + std::to_string(*a.min_age) + " to " + std::to_string(*a.max_age)
                              : a.min_age            ? "ages " + std::to_string(*a.min_age) + " and over"
                                                     : "ages up to " + std::to_string(*a.max_age);
    if (!person.birth_date)
      return Refusal{"birth_date", "the event is for " + range + ": give your birth_date (YYYY-MM-DD)"};
    const auto age = age_on(*person.birth_date, event_day(event));
    if (!age) return Refusal{"birth_date", "birth_date must be a past day, YYYY-MM-DD"};
    if ((a.min_age && *age < *a.min_age) || (a.max_age && *age > *a.max_age))
      return Refusal{"birth_date", "the event is for " + range + " on " + event_day(event) + "; you will be " +
                                       std::to_string(*age)};
  }
  if (!a.genders.empty() && !contains(a.genders, person.gender))
    return Refusal{"gender", person.gender ? "the event is for " + joined(a.genders) + " only"
                                           : "the event is for " + joined(a.genders) + ": give your gender"};
  if (!a.levels.empty() && !contains(a.levels, person.level))
    return Refusal{"level", person.level ? "the event is for the levels " + joined(a.levels) + " only"
                                         : "the event is for the levels " + joined(a.levels) + ": give your level"};
  return std::nullopt;
}

std::int64_t fee_for(const Contest& contest, std::optional<int> age, std::int64_t now_ms) {
  if (age)
    for (const auto& f : contest.age_fees)
      if ((!f.min_age || *age >= *f.min_age) && (!f.max_age || *age <= *f.max_age)) return f.fee_minor;
  if (contest.early_fee_minor && contest.early_until && now_ms < *contest.early_until) return *contest.early_fee_minor;
  return contest.fee_minor;
}

std::int64_t refund_for(const Event& event, std::int64_t paid_minor, std::int64_t now_ms) {
  const std::int64_t until = event.refund_until.value_or(event.starts_at);
  if (paid_minor <= 0 || now_ms > until) return 0;
  return paid_minor * event.refund_percent / 100;
}

}  // namespace events
}  // namespace fitkit
