// The payment provider's webhooks: verified, then applied once per provider event id.
#include "core/runtime.hpp"
#include "events/registration_flow.hpp"
#include "events/registration_store.hpp"
#include "fitkit/error.hpp"
#include "fitkit/id.hpp"
#include "fitkit/registrations.hpp"

namespace fitkit {

WebhookOutcome RegistrationService::handle_payment_webhook(std::string_view signature_header, std::string_view body) {
  // Throws unauthenticated for a bad signature or a stale timestamp: nothing is recorded.
  const auto event = rt_.payments->verify_webhook(signature_header, body, rt_.now());
  std::optional<events::Refund> refund;
  auto outcome = storage::retry_on_conflict([&] {
    WebhookOutcome out;
    out.type = event.type;
    auto c = rt_.db->acquire();
    storage::Transaction tx(*c);
    const auto provider = rt_.payments->name();
    if (c->query_i64("SELECT 1 FROM payment_webhook_events WHERE provider = ? AND event_id = ?", {provider, event.id})) {
      out.duplicate = true;
      return out;
    }
    try {
      c->exec("INSERT INTO payment_webhook_events (provider, event_id, type, received_at) VALUES (?, ?, ?, ?)",
              {provider, event.id, event.type, rt_.now()});
    } catch (const Error& e) {
      if (e.code() != ErrorCode::already_exists) throw;
      out.duplicate = true;  // the same webhook, handled at this very moment by another process
      return out;
    }
    std::optional<std::int64_t> id;
    if (!event.payment_id.empty())
      id = c->query_i64("SELECT id FROM event_registrations WHERE payment_id = ?", {event.payment_id});
    if (!id && !event.reference.empty()) {
      try {
        id = parse_id(IdKind::registration, event.reference, "reference");
      } catch (const Error&) {
        // a payment that is not a registration's: acknowledged, nothing to do
      }
    }
    auto r = id ? events::find_registration(*c, *id) : std::nullopt;
    if (r) {
      out.registration_id = r->id;
      const auto now = rt_.now();
      if (event.type == "payment_succeeded" && !r->paid_at) {
        const bool matches = event.amount_minor == r->fee_minor &&
                             (!r->currency || event.currency == *r->currency);
        if (r->status == "awaiting_payment" && matches) {
          c->exec("UPDATE event_registrations SET payment_id = ? WHERE id = ?", {event.payment_id, r->id});
          events::mark_paid(rt_, *c, *r, now);
        } else if (r->status != "awaiting_payment") {
          // Paid after the place was released: the money goes back in full.
          refund = events::Refund{r->id, event.payment_id, event.amount_minor,
                                  format_id(IdKind::registration, r->id) + "-late-" + event.id};
        }
      } else if (event.type == "payment_failed" && r->status == "awaiting_payment" &&
                 r->payment_id == event.payment_id) {
        c->exec("UPDATE event_registrations SET payment_id = NULL, status_reason = 'the payment failed; pay again',"
                " updated_at = ? WHERE id = ?",
                {now, r->id});
      } else if (event.type == "refunded" && event.amount_minor > r->refunded_minor) {
        c->exec("UPDATE event_registrations SET refunded_minor = ?, updated_at = ? WHERE id = ?",
                {event.amount_minor, now, r->id});
      }
    }
    tx.commit();
    return out;
  });
  if (refund) events::make_refunds(rt_, {*refund});
  return outcome;
}

}  // namespace fitkit
