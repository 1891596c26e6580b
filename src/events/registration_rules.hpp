// The rules of registration that need no storage: which statuses hold a place, where a
// registration goes once a step is done, eligibility with its reason, and the fee that applies.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fitkit/events.hpp"
#include "fitkit/registrations.hpp"

namespace fitkit::events {

// Whether a registration in this status counts in its contest's places: all but waitlisted,
// withdrawn and rejected.
bool holds_place(std::string_view status);
// Whether it is still live (it blocks a second registration of the same user): all but
// withdrawn and rejected.
bool is_live(std::string_view status);

// Why the organizers may not set `to` by hand on a registration that is `from` while the event is
// `event_status`, or nothing when they may (docs/participants.md: statuses by hand). A `to` that
// is no status to set by hand is invalid_argument naming "status".
std::optional<std::string> manual_status_refusal(std::string_view from, std::string_view to,
                                                 std::string_view event_status);
// The status in words, for messages: "did not finish" for dnf.
std::string_view status_words(std::string_view status);

// What is still to do before a registration is confirmed, in this order: the organizers'
// approval, the payment, an accepted medical certificate.
struct Steps {
  bool approval_due = false;
  bool payment_due = false;
  bool certificate_due = false;
  bool paid = false;
};
// registered (approval or certificate due, unpaid), awaiting_payment, paid (certificate due)
// or confirmed.
std::string status_after(const Steps& steps);

// The contest of the event; invalid_argument naming contest_id when it has none such.
const Contest& contest_in(const Event& event, std::int64_t contest_id);

// The person as eligibility sees them.
struct Person {
  std::optional<std::string> birth_date, gender, level;
};
struct Refusal {
  std::string field;   // the registration field it is about
  std::string reason;  // in words, for the registrant
};
// The local date (YYYY-MM-DD) of the event's first day, in its time zone.
std::string event_day(const Event& event);
// Why the person may not take part, or nothing: the audience's ages on the event day, genders
// and levels. A restriction whose datum the person has not given is a refusal asking for it.
std::optional<Refusal> ineligibility(const Event& event, const Person& person);

// The fee for a person of `age` (if known) registering at `now_ms`: an age-based fee that
// matches wins, then the early-bird fee before early_until, then the contest's fee.
std::int64_t fee_for(const Contest& contest, std::optional<int> age, std::int64_t now_ms);

// The refund of `paid_minor` on withdrawal at `now_ms` under the event's policy: its
// refund_percent until refund_until (or the start), nothing after.
std::int64_t refund_for(const Event& event, std::int64_t paid_minor, std::int64_t now_ms);

}  // namespace fitkit::events
