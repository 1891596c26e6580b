// Registration fees: early-bird and age prices, the local provider, refunds by the event's
// policy, and Stripe's PaymentIntents and signed webhooks against the stand-in on 127.0.0.1.
#include "core/crypto.hpp"
#include "support/stripe_standin.hpp"
#include "unit/events/registration_world.hpp"

using namespace fitkit;
using namespace fitkit::test;

namespace {

const std::string kWebhookSecret = "whsec_registration_tests";

// A paid event in EUR: 20.00, 15.00 until 2026-03-01, 5.00 for those under 18 on the day.
const Json kPaidContest{{"fee_minor", 2000},
                        {"early_fee_minor", 1500},
                        {"early_until", "2026-03-01T00:00:00Z"},
                        {"age_fees", {{{"max_age", 17}, {"fee_minor", 500}}}}};

PlatformOptions with_stripe(const StripeStandin& standin) {
  PlatformOptions o;
  StripeOptions s;
  s.api_url = standin.url();
  s.secret_key = kStripeKey;
  s.webhook_secret = kWebhookSecret;
  s.timeout_ms = 5000;
  o.payments = make_stripe_payments(s);
  return o;
}

// A Stripe event, signed as Stripe signs: HMAC-SHA256 of "t.body" under the endpoint's secret.
struct SignedWebhook {
  std::string body, signature;
};
SignedWebhook stripe_event(const std::string& event_id, const std::string& type, const Json& object,
                           std::int64_t now_ms, std::int64_t age_ms = 0) {
  const auto t = (now_ms - age_ms) / 1000;
  const std::string body =
      Json{{"id", event_id}, {"object", "event"}, {"created", t}, {"type", type}, {"data", {{"object", object}}}}.dump();
  const auto mac = crypto::hex(crypto::hmac_sha256(kWebhookSecret, std::to_string(t) + "." + body));
  return {body, "t=" + std::to_string(t) + ",v1=" + mac};
}

Json deliver(TestPlatform& t, const SignedWebhook& w) {
  return t.call("payments.webhook", Actor::anonymous(),
                {{"payload", crypto::base64_encode(w.body)}, {"signature", w.signature}});
}

}  // namespace

TEST_CASE("registration payments: early-bird and age fees, paid at once by the local provider") {
  RegistrationWorld w(3);
  const auto m = w.open_event({{"currency", "EUR"}, {"refund_percent", 50}, {"refund_until", "2030-04-01T00:00:00Z"}},
                              kPaidContest);
  const auto early = w.enrol(w.people[0], m);
  CHECK(early["fee_minor"] == 1500);
  CHECK(early["currency"] == "EUR");
  CHECK(early["status"] == "confirmed");
  CHECK(early["paid_at"].is_string());
  CHECK(early["payment_id"].get<std::string>().rfind("lpay_", 0) == 0);
  CHECK(w.enrol(w.people[1], m, {{"birth_date", "2015-01-01"}})["fee_minor"] == 500);
  w.t.clock->set(1772323200000);  // 2026-03-01T00:00:00Z: the early-bird price is over
  const auto late = w.enrol(w.people[2], m);
  CHECK(late["fee_minor"] == 2000);

  // Withdrawn before refund_until: half back, as the policy says.
  const auto withdrawn = w.t.call("events.registrations.withdraw", w.people[2], {{"registration_id", late["id"]}});
  CHECK(withdrawn["status"] == "withdrawn");
  CHECK(withdrawn["refunded_minor"] == 1000);
  CHECK(w.latest_notice(w.people[2]) == "registration_refunded");
  // After refund_until: nothing back.
  w.t.clock->set(1901232000000);  // 2030-04-01T00:00:00Z + a little below
  w.t.clock->advance(1000);
  CHECK(w.t.call("events.registrations.withdraw", w.people[0], {{"registration_id", early["id"]}})["refunded_minor"] == 0);
}

TEST_CASE("registration payments: a cancelled event refunds every paid fee in full and tells participants") {
  RegistrationWorld w(1);
  const auto m = w.open_event({{"currency", "EUR"}, {"refund_percent", 0}}, kPaidContest);
  const std::string id = w.enrol(w.people[0], m)["id"];
  w.t.call("events.status.set", w.ann, {{"event_id", m.event_id}, {"status", "cancelled"}, {"reason", "Flooded course"}});
  CHECK(w.registration(id, w.people[0])["refunded_minor"] == 1500);
  const auto types = w.notice_types(w.people[0]);
  CHECK(std::find(types.begin(), types.end(), "event_cancelled") != types.end());
  CHECK(error_of([&] { w.t.call("events.registrations.ticket", w.people[0], {{"registration_id", id}}); }) ==
        ErrorCode::failed_precondition);
}

TEST_CASE("registration payments: Stripe's payment waits for its signed webhook, applied once") {
  StripeStandin standin({"--status", "1500=requires_payment_method"});
  RegistrationWorld w(2, with_stripe(standin));
  const auto m = w.open_event({{"currency", "EUR"}}, kPaidContest);
  const auto r = w.enrol(w.people[0], m);
  CHECK(r["status"] == "awaiting_payment");
  CHECK(r["payment_client_secret"].get<std::string>().find("_secret_") != std::string::npos);
  CHECK(r["payment_due_at"] == "2026-01-01T01:00:00.000Z");
  const std::string id = r["id"], payment_id = r["payment_id"];
  REQUIRE(payment_id.rfind("pi_", 0) == 0);
  // The stand-in saw the request: amount, currency, our reference and an idempotency key.
  const auto sent = standin.requests().back();
  CHECK(sent["form"]["amount"] == "1500");
  CHECK(sent["form"]["metadata[reference]"] == id);
  CHECK(sent["idempotency_key"] == id + "-payment-1");
  // The organizer never sees the client secret.
  CHECK_FALSE(w.registration(id, w.ann).contains("payment_client_secret"));

  const Json intent{{"id", payment_id}, {"object", "payment_intent"}, {"amount", 1500}, {"currency", "eur"},
                    {"status", "succeeded"}, {"metadata", {{"reference", id}}}};
  const auto now = w.t.clock->now_ms();
  // A bad signature, and a replay older than the tolerance: refused, nothing changed.
  auto forged = stripe_event("evt_1", "payment_intent.succeeded", intent, now);
  forged.signature.back() = forged.signature.back() == '0' ? '1' : '0';
  CHECK(error_of([&] { deliver(w.t, forged); }) == ErrorCode::unauthenticated);
  CHECK(error_of([&] { deliver(w.t, stripe_event("evt_1", "payment_intent.succeeded", intent, now, 10 * kMinuteMs)); }) ==
        ErrorCode::unauthenticated);
  CHECK(w.registration(id, w.people[0])["status"] == "awaiting_payment");

  const auto good = stripe_event("evt_1", "payment_intent.succeeded", intent, now);
  const auto first = deliver(w.t, good);
  CHECK(first["duplicate"] == false);
  CHECK(first["registration_id"] == id);
  const auto paid = w.registration(id, w.people[0]);
  CHECK(paid["status"] == "confirmed");
  CHECK(paid["paid_at"].is_string());
  const auto again = deliver(w.t, good);
  CHECK(again["duplicate"] == true);
  CHECK(w.registration(id, w.people[0])["updated_at"] == paid["updated_at"]);

  // A failed payment leaves the registration waiting, with the reason; paying again makes a new
  // payment under a new idempotency key.
  const auto second = w.enrol(w.people[1], m);
  const std::string second_id = second["id"];
  const Json failed{{"id", second["payment_id"]}, {"object", "payment_intent"}, {"amount", 1500}, {"currency", "eur"},
                    {"status", "requires_payment_method"}, {"metadata", {{"reference", second_id}}}};
  deliver(w.t, stripe_event("evt_2", "payment_intent.payment_failed", failed, now));
  const auto waiting = w.registration(second_id, w.people[1]);
  CHECK(waiting["status"] == "awaiting_payment");
  CHECK(waiting["status_reason"] == "the payment failed; pay again");
  w.t.call("events.registrations.pay", w.people[1], {{"registration_id", second_id}});
  CHECK(standin.requests().back()["idempotency_key"] == second_id + "-payment-2");
  CHECK(error_of([&] { w.t.call("events.registrations.pay", w.people[0], {{"registration_id", id}}); }) ==
        ErrorCode::failed_precondition);

  // Unpaid past the hold: the place is released.
  w.t.clock->advance(kHourMs + 1);
  CHECK(w.t.call("events.holds.expire", w.t.make_admin("root@example.com"))["released"] == 1);
  CHECK(w.registration(second_id, w.people[1])["status"] == "withdrawn");
}
