// Stripe's webhook signatures ("Stripe-Signature: t=…,v1=…") and events, signed here with
// OpenSSL directly so that the check does not lean on the code under test.
#include <doctest/doctest.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cctype>
#include <cstdio>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "fitkit/error.hpp"
#include "fitkit/providers.hpp"

using namespace fitkit;

namespace {

const std::string kSecret = "whsec_5GvQ8kT3y2mWn0pL";
constexpr std::int64_t kNowMs = 1'767'225'600'000;  // 2026-01-01T00:00:00Z
constexpr std::int64_t kNow = kNowMs / 1000;
constexpr std::int64_t kTolerance = 5 * 60 * 1000;

std::shared_ptr<PaymentProvider> stripe(std::string webhook_secret = kSecret) {
  StripeOptions o;
  o.api_url = "https://api.stripe.com";
  o.secret_key = "sk_test_x";
  o.webhook_secret = std::move(webhook_secret);
  o.webhook_tolerance_ms = kTolerance;
  return make_stripe_payments(o);
}

std::string v1(std::int64_t t, const std::string& body, const std::string& secret = kSecret) {
  const std::string text = std::to_string(t) + "." + body;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()), reinterpret_cast<const unsigned char*>(text.data()),
       text.size(), mac, &length);
  std::string hex;
  char two[3];
  for (unsigned int i = 0; i < length; ++i) {
    std::snprintf(two, sizeof two, "%02x", mac[i]);
    hex += two;
  }
  return hex;
}

std::string header(std::int64_t t, const std::string& body) { return "t=" + std::to_string(t) + ",v1=" + v1(t, body); }

std::string intent_event(const std::string& type = "payment_intent.succeeded") {
  return nlohmann::json{{"id", "evt_1QxYz"},
                        {"object", "event"},
                        {"api_version", "2024-06-20"},
                        {"created", kNow - 2},
                        {"type", type},
                        {"livemode", false},
                        {"data",
                         {{"object",
                           {{"id", "pi_3Mtw"},
                            {"object", "payment_intent"},
                            {"amount", 2500},
                            {"currency", "eur"},
                            {"status", "succeeded"},
                            {"metadata", {{"reference", "reg_1"}}}}}}}}
      .dump(2);
}

std::string refund_event() {
  return nlohmann::json{{"id", "evt_2Refund"},
                        {"object", "event"},
                        {"created", kNow},
                        {"type", "charge.refunded"},
                        {"data",
                         {{"object",
                           {{"id", "ch_3Mtw"},
                            {"object", "charge"},
                            {"amount", 2500},
                            {"amount_refunded", 1000},
                            {"currency", "eur"},
                            {"payment_intent", "pi_3Mtw"},
                            {"metadata", {{"reference", "reg_1"}}}}}}}}
      .dump();
}

std::optional<Error> verify_error(const std::string& signature, const std::string& body,
                                  std::int64_t now_ms = kNowMs, const std::string& secret = kSecret) {
  try {
    stripe(secret)->verify_webhook(signature, body, now_ms);
  } catch (const Error& e) {
    return e;
  }
  return std::nullopt;
}

void check_unauthenticated(const std::string& signature, const std::string& body, std::int64_t now_ms = kNowMs,
                           const std::string& secret = kSecret) {
  const auto e = verify_error(signature, body, now_ms, secret);
  REQUIRE(e);
  CHECK(e->code() == ErrorCode::unauthenticated);
}

}  // namespace

TEST_CASE("Stripe webhook with a good signature gives the event in neutral terms") {
  const auto body = intent_event();
  const PaymentEvent e = stripe()->verify_webhook(header(kNow, body), body, kNowMs);
  CHECK(e.id == "evt_1QxYz");
  CHECK(e.type == "payment_succeeded");
  CHECK(e.payment_id == "pi_3Mtw");
  CHECK(e.reference == "reg_1");
  CHECK(e.amount_minor == 2500);
  CHECK(e.currency == "EUR");
  CHECK(e.created_ms == (kNow - 2) * 1000);

  const auto failed = intent_event("payment_intent.payment_failed");
  CHECK(stripe()->verify_webhook(header(kNow, failed), failed, kNowMs).type == "payment_failed");
  const auto other = intent_event("payment_intent.created");
  CHECK(stripe()->verify_webhook(header(kNow, other), other, kNowMs).type == "other");

  const auto refund = refund_event();
  const PaymentEvent r = stripe()->verify_webhook(header(kNow, refund), refund, kNowMs);
  CHECK(r.type == "refunded");
  CHECK(r.payment_id == "pi_3Mtw");  // the PaymentIntent, not the charge
  CHECK(r.amount_minor == 1000);
  CHECK(r.reference == "reg_1");
}

TEST_CASE("Stripe webhook: an event of another kind needs only its id, type and time") {
  const std::string body =
      R"({"id":"evt_9","object":"event","created":1767225600,"type":"customer.created","data":{"object":{"id":"cus_1","object":"customer"}}})";
  const PaymentEvent e = stripe()->verify_webhook(header(kNow, body), body, kNowMs);
  CHECK(e.type == "other");
  CHECK(e.id == "evt_9");
}

TEST_CASE("Stripe webhook with a bad signature is refused") {
  const auto body = intent_event();
  SUBCASE("another secret") { check_unauthenticated("t=" + std::to_string(kNow) + ",v1=" + v1(kNow, body, "whsec_other"), body); }
  SUBCASE("the body changed") {
    std::string tampered = body;
    tampered.replace(tampered.find("2500"), 4, "25000");
    check_unauthenticated(header(kNow, body), tampered);
  }
  SUBCASE("the timestamp changed") {
    check_unauthenticated("t=" + std::to_string(kNow + 1) + ",v1=" + v1(kNow, body), body);
  }
  SUBCASE("upper-case, truncated or empty hex") {
    std::string upper = v1(kNow, body);
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    check_unauthenticated("t=" + std::to_string(kNow) + ",v1=" + upper, body);
    check_unauthenticated("t=" + std::to_string(kNow) + ",v1=" + v1(kNow, body).substr(0, 63), body);
    check_unauthenticated("t=" + std::to_string(kNow) + ",v1=", body);
  }
  SUBCASE("only a v0 signature, the scheme Stripe uses for test events") {
    check_unauthenticated("t=" + std::to_string(kNow) + ",v0=" + v1(kNow, body), body);
  }
  SUBCASE("no webhook secret configured") { check_unauthenticated(header(kNow, body), body, kNowMs, ""); }
}

TEST_CASE("Stripe webhook without a usable Stripe-Signature header is refused") {
  const auto body = intent_event();
  for (const std::string& signature :
       {std::string(), std::string("   "), "v1=" + v1(kNow, body), "t=" + std::to_string(kNow),
        "t=abc,v1=" + v1(kNow, body), "t=-5,v1=" + v1(-5, body), std::string("garbage"), std::string(",,,")}) {
    CAPTURE(signature);
    check_unauthenticated(signature, body);
  }
}

TEST_CASE("Stripe webhook with a timestamp too old or in the future is refused") {
  const auto body = intent_event();
  const std::int64_t t_old = kNow - kTolerance / 1000 - 1;
  const auto old = verify_error(header(t_old, body), body);
  REQUIRE(old);
  CHECK(old->code() == ErrorCode::unauthenticated);
  CHECK(std::string(old->what()).find("too old") != std::string::npos);

  const std::int64_t t_future = kNow + kTolerance / 1000 + 1;
  const auto future = verify_error(header(t_future, body), body);
  REQUIRE(future);
  CHECK(future->code() == ErrorCode::unauthenticated);

  // At the edges of the tolerance it passes.
  CHECK_NOTHROW(stripe()->verify_webhook(header(kNow - kTolerance / 1000, body), body, kNowMs));
  CHECK_NOTHROW(stripe()->verify_webhook(header(kNow + kTolerance / 1000, body), body, kNowMs));
}

TEST_CASE("Stripe webhook accepts any one of several v1 signatures, as when the secret is rolled") {
  const auto body = intent_event();
  const std::string t = std::to_string(kNow);
  const std::string old_secret_sig = v1(kNow, body, "whsec_rolled_away");
  const std::string signature =
      "t=" + t + ", v1=" + old_secret_sig + ",v1=" + v1(kNow, body) + ",v0=" + std::string(64, '0') + ",x=1";
  CHECK(stripe()->verify_webhook(signature, body, kNowMs).id == "evt_1QxYz");
  CHECK(stripe()->verify_webhook("v1=" + v1(kNow, body) + ",t=" + t, body, kNowMs).id == "evt_1QxYz");
  check_unauthenticated("t=" + t + ",v1=" + old_secret_sig + ",v1=" + std::string(64, 'a'), body);
}

TEST_CASE("Stripe webhook with a well-signed body that is not a Stripe event is invalid") {
  auto event = nlohmann::json::parse(intent_event());
  auto changed = [&](const std::string& pointer, nlohmann::json value) {
    auto copy = event;
    copy[nlohmann::json::json_pointer(pointer)] = std::move(value);
    return copy.dump();
  };
  const std::string bodies[] = {
      "not json",
      "",
      "[1,2,3]",
      R"({"id":"evt_1"})",
      changed("/object", "charge"),
      changed("/id", 42),
      changed("/created", "yesterday"),
      changed("/created", -1),
      changed("/data/object", nullptr),
      changed("/data/object/amount", "2500"),
      changed("/data/object/amount", 25.5),
      changed("/data/object/amount", -1),
      changed("/data/object/id", nullptr),
      changed("/data/object/currency", nullptr),
  };
  for (const auto& body : bodies) {
    CAPTURE(body);
    const auto e = verify_error(header(kNow, body), body);
    REQUIRE(e);
    CHECK(e->code() == ErrorCode::invalid_argument);
    CHECK(e->field() == "body");
  }
  auto refund = nlohmann::json::parse(refund_event());
  refund["data"]["object"]["payment_intent"] = nullptr;
  const auto body = refund.dump();
  const auto e = verify_error(header(kNow, body), body);
  REQUIRE(e);
  CHECK(e->code() == ErrorCode::invalid_argument);
}
