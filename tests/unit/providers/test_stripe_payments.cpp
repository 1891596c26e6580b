// The Stripe adapter's API calls against tests/support/stripe_standin.py on 127.0.0.1: the form it
// sends, idempotency, Stripe's refusals and failures, refunds.
#include <doctest/doctest.h>

#include <chrono>
#include <optional>
#include <string>

#include "fitkit/error.hpp"
#include "fitkit/providers.hpp"
#include "support/stripe_standin.hpp"

using namespace fitkit;
using test::kStripeKey;
using test::StripeStandin;

namespace {

std::shared_ptr<PaymentProvider> stripe_at(const std::string& url, std::string key = kStripeKey) {
  StripeOptions o;
  o.api_url = url;
  o.secret_key = std::move(key);
  o.webhook_secret = "whsec_test";
  o.timeout_ms = 5000;
  return make_stripe_payments(o);
}

PaymentRequest entry_fee(std::int64_t amount = 2500, std::string key = "reg_1:pay") {
  return {amount, "EUR", "Entry fee: Spring 10K", "reg_1", std::move(key)};
}

template <typename F>
std::optional<Error> error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  return std::nullopt;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("Stripe creates a PaymentIntent with the form, key and headers Stripe expects") {
  StripeStandin stripe;
  const auto payments = stripe_at(stripe.url() + "/");  // a trailing slash is dropped
  CHECK(payments->name() == "stripe");
  const Payment p = payments->create_payment(entry_fee());
  CHECK(p.id.starts_with("pi_"));
  CHECK(p.status == "succeeded");
  CHECK(p.client_secret.starts_with(p.id + "_secret_"));

  const auto requests = stripe.requests();
  REQUIRE(requests.size() == 1);
  const auto& r = requests[0];
  CAPTURE(r.dump());
  CHECK(r["path"] == "/v1/payment_intents");
  CHECK(r["authorization"] == "Bearer " + kStripeKey);
  CHECK(r["idempotency_key"] == "reg_1:pay");
  CHECK(r["content_type"] == "application/x-www-form-urlencoded");
  CHECK(r["stripe_version"].is_string());
  CHECK(r["form"] == nlohmann::json{{"amount", "2500"},
                                    {"currency", "eur"},
                                    {"description", "Entry fee: Spring 10K"},
                                    {"metadata[reference]", "reg_1"},
                                    {"automatic_payment_methods[enabled]", "true"}});
}

TEST_CASE("Stripe form values are encoded: unicode, & and = in the description") {
  StripeStandin stripe;
  auto request = entry_fee();
  request.description = "Забег & эстафета = 5 км + 10 %";
  request.reference = "reg_2&amount=1";
  stripe_at(stripe.url())->create_payment(request);
  const auto form = stripe.requests().at(0)["form"];
  CHECK(form["description"] == request.description);
  CHECK(form["metadata[reference]"] == request.reference);
  CHECK(form["amount"] == "2500");
}

TEST_CASE("Stripe idempotency: the same key is the same payment, another key another") {
  StripeStandin stripe;
  const auto payments = stripe_at(stripe.url());
  const Payment first = payments->create_payment(entry_fee(2500, "reg_1:pay"));
  const Payment again = payments->create_payment(entry_fee(2500, "reg_1:pay"));
  CHECK(again.id == first.id);
  CHECK(again.client_secret == first.client_secret);
  const Payment other = payments->create_payment(entry_fee(2500, "reg_2:pay"));
  CHECK(other.id != first.id);

  // Stripe refuses a key reused with other parameters, rather than paying twice.
  const auto e = error_of([&] { payments->create_payment(entry_fee(3000, "reg_1:pay")); });
  REQUIRE(e);
  CHECK(e->code() == ErrorCode::invalid_argument);
  CHECK(contains(e->what(), "same parameters"));
}

TEST_CASE("Stripe maps PaymentIntent statuses to succeeded, pending and failed") {
  StripeStandin stripe({"--status", "4200=requires_payment_method", "--status", "4300=processing", "--status",
                        "4400=requires_action", "--status", "4500=canceled"});
  const auto payments = stripe_at(stripe.url());
  CHECK(payments->create_payment(entry_fee(4100, "a")).status == "succeeded");
  const Payment pending = payments->create_payment(entry_fee(4200, "b"));
  CHECK(pending.status == "pending");
  CHECK(pending.client_secret.starts_with(pending.id + "_secret_"));
  CHECK(payments->create_payment(entry_fee(4300, "c")).status == "pending");
  CHECK(payments->create_payment(entry_fee(4400, "d")).status == "pending");
  CHECK(payments->create_payment(entry_fee(4500, "e")).status == "failed");
}

TEST_CASE("Stripe refusals are invalid_argument with Stripe's message") {
  StripeStandin stripe;
  SUBCASE("amount too small") {
    const auto e = error_of([&] { stripe_at(stripe.url())->create_payment(entry_fee(10)); });
    REQUIRE(e);
    CHECK(e->code() == ErrorCode::invalid_argument);
    CHECK(e->field() == "payment");
    CHECK(contains(e->what(), "Amount must be at least 0.50 eur"));
  }
  SUBCASE("a wrong secret key, which the message does not show in full") {
    const auto e = error_of([&] { stripe_at(stripe.url(), "sk_test_wrongwrongwrong1234")->create_payment(entry_fee()); });
    REQUIRE(e);
    CHECK(e->code() == ErrorCode::invalid_argument);
    CHECK(contains(e->what(), "Invalid API Key"));
    CHECK(!contains(e->what(), "wrongwrongwrong"));
  }
}

TEST_CASE("Stripe requests with bad input are refused before anything is sent") {
  StripeStandin stripe;
  const auto payments = stripe_at(stripe.url());
  struct Case {
    PaymentRequest request;
    const char* field;
  };
  const Case cases[] = {
      {{0, "EUR", "x", "r", "k"}, "amount"},
      {{-5, "EUR", "x", "r", "k"}, "amount"},
      {{2500, "eur", "x", "r", "k"}, "currency"},
      {{2500, "EURO", "x", "r", "k"}, "currency"},
      {{2500, "", "x", "r", "k"}, "currency"},
      {{2500, "EUR", "x", "r", ""}, "idempotency_key"},
      {{2500, "EUR", "x", "r", "a key"}, "idempotency_key"},
      {{2500, "EUR", "x", "r", "k\r\nX-Evil: 1"}, "idempotency_key"},
      {{2500, "EUR", "x", "r", std::string(256, 'k')}, "idempotency_key"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.field);
    const auto e = error_of([&] { payments->create_payment(c.request); });
    REQUIRE(e);
    CHECK(e->code() == ErrorCode::invalid_argument);
    CHECK(e->field() == c.field);
  }
  for (const auto& [id, amount, key, field] :
       {std::tuple{"", 100, "k", "payment_id"}, std::tuple{"pi_1", 0, "k", "amount"},
        std::tuple{"pi_1", 100, "", "idempotency_key"}}) {
    const auto e = error_of([&] { payments->refund(id, amount, key); });
    REQUIRE(e);
    CHECK(e->field() == field);
  }
  CHECK(stripe.requests().empty());
}

TEST_CASE("Stripe failures and an unreachable Stripe are unavailable") {
  SUBCASE("HTTP 500") {
    StripeStandin stripe({"--fail", "5000"});
    const auto e = error_of([&] { stripe_at(stripe.url())->create_payment(entry_fee(5000)); });
    REQUIRE(e);
    CHECK(e->code() == ErrorCode::unavailable);
    CHECK(contains(e->what(), "500"));
  }
  SUBCASE("nothing listens") {
    const int port = test::free_tcp_port();
    const auto started = std::chrono::steady_clock::now();
    const auto e = error_of(
        [&] { stripe_at("http://127.0.0.1:" + std::to_string(port))->create_payment(entry_fee()); });
    REQUIRE(e);
    CHECK(e->code() == ErrorCode::unavailable);
    CHECK(!contains(e->what(), kStripeKey));
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(3));
  }
}

TEST_CASE("Stripe refunds part or all of a payment, once per idempotency key") {
  StripeStandin stripe({"--status", "4200=requires_payment_method"});
  const auto payments = stripe_at(stripe.url());
  const Payment paid = payments->create_payment(entry_fee(2500, "reg_1:pay"));

  payments->refund(paid.id, 1000, "reg_1:refund:1");
  payments->refund(paid.id, 1000, "reg_1:refund:1");  // a retry: replayed, not a second refund
  auto refunds = stripe.requests();
  REQUIRE(refunds.size() == 3);
  CHECK(refunds[1]["path"] == "/v1/refunds");
  CHECK(refunds[1]["idempotency_key"] == "reg_1:refund:1");
  CHECK(refunds[1]["form"] == nlohmann::json{{"payment_intent", paid.id}, {"amount", "1000"}});
  // 1500 is left: had the retry refunded again only 500 would be.
  payments->refund(paid.id, 1500, "reg_1:refund:2");

  SUBCASE("more than is left") {
    const auto e = error_of([&] { payments->refund(paid.id, 1, "reg_1:refund:3"); });
    REQUIRE(e);
    CHECK(e->code() == ErrorCode::invalid_argument);
    CHECK(e->field() == "refund");
    CHECK(contains(e->what(), "greater than unrefunded amount"));
  }
  SUBCASE("an unknown payment") {
    const auto e = error_of([&] { payments->refund("pi_doesnotexist", 100, "x:refund"); });
    REQUIRE(e);
    CHECK(e->code() == ErrorCode::invalid_argument);
    CHECK(contains(e->what(), "No such payment_intent"));
  }
  SUBCASE("a payment not completed") {
    const Payment pending = payments->create_payment(entry_fee(4200, "reg_3:pay"));
    const auto e = error_of([&] { payments->refund(pending.id, 100, "reg_3:refund"); });
    REQUIRE(e);
    CHECK(e->code() == ErrorCode::invalid_argument);
  }
}

TEST_CASE("Stripe options are checked when the provider is made") {
  for (const char* url : {"http://api.stripe.com", "ftp://127.0.0.1", "http://127.0.0.1:80@example.com/",
                          "http://127.0.0.1.example.com", ""}) {
    CAPTURE(url);
    const auto e = error_of([&] { stripe_at(url); });
    REQUIRE(e);
    CHECK(e->field() == "api_url");
  }
  CHECK_NOTHROW(stripe_at("https://api.stripe.com"));
  CHECK_NOTHROW(stripe_at("http://localhost:12111"));
  for (const char* key : {"", "sk test", "sk_test\nX: y"}) {
    const auto e = error_of([&] { stripe_at("https://api.stripe.com", key); });
    REQUIRE(e);
    CHECK(e->field() == "secret_key");
  }
}
