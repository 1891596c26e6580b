// How a registration moves on once a step is done (approval, payment, a medical certificate),
// and its money: payments created and refunds made through the payments port.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/runtime.hpp"
#include "fitkit/events.hpp"
#include "fitkit/registrations.hpp"
#include "fitkit/storage.hpp"

namespace fitkit::events {

// Moves a registration that waits for steps (registered, awaiting_payment, paid) to where
// its steps put it now, notifying the registrant when it changes. Returns the new status.
std::string advance(Runtime& rt, storage::Connection& c, const EventRegistration& r, const Event& event);

// Creates the payment of a registration awaiting payment, outside any transaction (the
// provider is called over the network), then records it: a payment that succeeded at once
// moves the registration on. A provider that cannot be reached or refuses leaves it awaiting
// payment with the reason; a pending payment's client secret goes back to the registrant.
EventRegistration charge(Runtime& rt, std::int64_t registration_id);

// Records that the payment arrived and moves the registration on.
void mark_paid(Runtime& rt, storage::Connection& c, const EventRegistration& r, std::int64_t now_ms);

// A refund to make once the transaction that decided it has committed.
struct Refund {
  std::int64_t registration_id = 0;
  std::string payment_id;
  std::int64_t amount_minor = 0;
  std::string idempotency_key;
};
// The refund of what was paid and not yet refunded, as `percent` of it; none when nothing is due.
std::optional<Refund> refund_due(const EventRegistration& r, std::int64_t amount_minor, std::string_view why);
// Makes the refunds through the provider and records each; one that fails is left for the
// organizers, with the reason in the registration's status_reason.
void make_refunds(Runtime& rt, const std::vector<Refund>& refunds);

// Tells the event's participants (those holding a place) of a status step: started, finished,
// or cancelled with its reason. A cancellation refunds every paid fee in full: the refunds are
// returned, to be made once the transaction commits.
std::vector<Refund> on_event_status(Runtime& rt, storage::Connection& c, const Event& event, std::string_view status);

}  // namespace fitkit::events
