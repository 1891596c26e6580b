#include "events/registration_flow.hpp"

#include "events/event_store.hpp"
#include "events/registration_rules.hpp"
#include "events/registration_store.hpp"
#include "fitkit/error.hpp"
#include "fitkit/id.hpp"

namespace fitkit::events {
namespace {

bool certificate_accepted(const EventRegistration& r) {
  for (const auto& d : r.documents)
    if (d.kind == "medical_certificate" && d.status == "accepted") return true;
  return false;
}

bool waits_for_steps(std::string_view status) {
  return status == "registered" || status == "awaiting_payment" || status == "paid";
}

std::string money(std::int64_t minor, const std::optional<std::string>& currency) {
  const auto whole = std::to_string(minor / 100), cents = std::to_string(100 + minor % 100).substr(1);
  return whole + "." + cents + (currency ? " " + *currency : "");
}

}  // namespace

std::string advance(Runtime& rt, storage::Connection& c, const EventRegistration& r, const Event& event) {
  if (!waits_for_steps(r.status)) return r.status;
  Steps steps;
  steps.approval_due = event.requires_approval && !r.approved_at;
  steps.payment_due = r.fee_minor > 0 && !r.paid_at;
  steps.certificate_due = event.requirements.medical_certificate && !certificate_accepted(r);
  steps.paid = r.paid_at.has_value();
  const auto next = status_after(steps);
  if (next == r.status) return next;
  const auto now = rt.now();
  set_status(c, r.id, next, std::nullopt, now);
  if (next == "awaiting_payment")
    c.exec("UPDATE event_registrations SET payment_due_at = ? WHERE id = ?",
           {now + rt.options.events.payment_hold_ms, r.id});
  auto moved = r;
  moved.status = next;
  if (next == "confirmed")
    notify_registrant(rt, c, moved, "registration_confirmed");
  else if (r.status == "registered" && steps.approval_due == false && event.requires_approval)
    notify_registrant(rt, c, moved, "registration_approved");
  return next;
}

void mark_paid(Runtime& rt, storage::Connection& c, const EventRegistration& r, std::int64_t now_ms) {
  c.exec("UPDATE event_registrations SET paid_at = ?, payment_due_at = NULL, status_reason = NULL, updated_at = ?"
         " WHERE id = ?",
         {now_ms, now_ms, r.id});
  auto paid = *find_registration(c, r.id);
  const auto event = find_event(c, Actor::system(), r.event_id);
  if (event) advance(rt, c, paid, *event);
}

EventRegistration charge(Runtime& rt, std::int64_t registration_id) {
  PaymentRequest request;
  {
    auto c = rt.db->acquire();
    storage::Transaction tx(*c);
    auto r = find_registration(*c, registration_id);
    if (!r) throw Error::not_found("no such registration");
    if (r->status != "awaiting_payment" || r->paid_at) return *r;
    const auto attempt = *c->query_i64(
        "UPDATE event_registrations SET payment_attempt = payment_attempt + 1, updated_at = ? WHERE id = ?"
        " RETURNING payment_attempt",
        {rt.now(), registration_id});
    const auto title = c->query_text("SELECT title FROM events WHERE id = ?", {r->event_id}).value_or("an event");
    request.amount_minor = r->fee_minor;
    request.currency = r->currency.value_or("");
    request.description = "Registration for " + title;
    request.reference = format_id(IdKind::registration, registration_id);
    request.idempotency_key = request.reference + "-payment-" + std::to_string(attempt);
    tx.commit();
  }
  std::optional<Payment> payment;
  std::string failure;
  try {
    payment = rt.payments->create_payment(request);
  } catch (const Error& e) {
    failure = e.code() == ErrorCode::unavailable ? "the payment provider could not be reached; pay again"
                                                  : "the payment was refused: " + std::string(e.what());
  }
  std::optional<Refund> refund;
  auto out = storage::retry_on_conflict([&] {
    auto c = rt.db->acquire();
    storage::Transaction tx(*c);
    auto r = *find_registration(*c, registration_id);
    const auto now = rt.now();
    if (!payment || payment->status == "failed") {
      if (r.status == "awaiting_payment")
        c->exec("UPDATE event_registrations SET status_reason = ?, updated_at = ? WHERE id = ?",
                {payment ? std::string("the payment failed; pay again") : failure, now, registration_id});
    } else if (r.status != "awaiting_payment") {
      // Withdrawn or released while the provider answered: the money goes back.
      if (payment->status == "succeeded")
        refund = Refund{registration_id, payment->id, request.amount_minor, request.idempotency_key + "-returned"};
    } else {
      c->exec("UPDATE event_registrations SET payment_id = ?, status_reason = NULL, updated_at = ? WHERE id = ?",
              {payment->id, now, registration_id});
      if (payment->status == "succeeded") mark_paid(rt, *c, r, now);
    }
    auto fresh = *find_registration(*c, registration_id);
    tx.commit();
    return fresh;
  });
  if (refund) make_refunds(rt, {*refund});
  if (payment && payment->status == "pending" && !payment->client_secret.empty())
    out.payment_client_secret = payment->client_secret;
  return out;
}

std::optional<Refund> refund_due(const EventRegistration& r, std::int64_t amount_minor, std::string_view why) {
  if (!r.paid_at || !r.payment_id) return std::nullopt;
  const auto amount = std::min(amount_minor, r.fee_minor - r.refunded_minor);
  if (amount <= 0) return std::nullopt;
  return Refund{r.id, *r.payment_id, amount, format_id(IdKind::registration, r.id) + "-refund-" + std::string(why)};
}

void make_refunds(Runtime& rt, const std::vector<Refund>& refunds) {
  for (const auto& f : refunds) {
    std::optional<std::string> failure;
    try {
      rt.payments->refund(f.payment_id, f.amount_minor, f.idempotency_key);
    } catch (const Error& e) {
      failure = "the refund of " + std::to_string(f.amount_minor) + " failed: " + e.what();
    }
    storage::retry_on_conflict([&] {
      auto c = rt.db->acquire();
      storage::Transaction tx(*c);
      const auto r = find_registration(*c, f.registration_id);
      if (!r) return;
      if (failure) {
        c->exec("UPDATE event_registrations SET status_reason = ?, updated_at = ? WHERE id = ?",
                {*failure, rt.now(), f.registration_id});
      } else {
        c->exec("UPDATE event_registrations SET refunded_minor = refunded_minor + ?, updated_at = ? WHERE id = ?",
                {f.amount_minor, rt.now(), f.registration_id});
        notify_registrant(rt, *c, *r, "registration_refunded", {{"amount", money(f.amount_minor, r->currency)}});
      }
      tx.commit();
    });
  }
}

std::vector<Refund> on_event_status(Runtime& rt, storage::Connection& c, const Event& event, std::string_view status) {
  const std::string_view template_name = status == "cancelled"   ? "event_cancelled"
                                         : status == "in_progress" ? "event_started"
                                         : status == "finished"    ? "event_finished"
                                                                   : "";
  if (template_name.empty()) return {};
  std::vector<std::int64_t> ids;
  c.query("SELECT id FROM event_registrations WHERE event_id = ? AND holds_place = 1 ORDER BY id", {event.id},
          [&](const storage::Row& r) { ids.push_back(r.i64(0)); });
  std::vector<Refund> refunds;
  for (auto id : ids) {
    const auto r = *find_registration(c, id);
    notify_registrant(rt, c, r, template_name, {{"reason", event.status_reason.value_or("")}});
    if (status == "cancelled")
      if (auto refund = refund_due(r, r.fee_minor, "cancelled")) refunds.push_back(*refund);
  }
  return refunds;
}

}  // namespace fitkit::events
