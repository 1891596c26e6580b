// Stripe's PaymentIntents and Refunds (https://docs.stripe.com/api) over libcurl, and its signed
// webhooks (stripe_webhook.cpp).
#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "fitkit/error.hpp"
#include "fitkit/providers.hpp"
#include "providers/payments/stripe_http.hpp"
#include "providers/payments/stripe_webhook.hpp"

namespace fitkit {
namespace {

constexpr std::size_t kMaxIdempotencyKey = 255;  // Stripe's limit

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// Plain http:// carries the secret key in clear, so it is allowed only to this machine (tests).
void check_api_url(const std::string& url) {
  if (starts_with(url, "https://")) return;
  if (url.find('@') != std::string::npos)  // "http://127.0.0.1:80@elsewhere/" names another host
    throw Error::invalid("api_url", "must not carry a user name");
  for (const char* local : {"http://127.0.0.1:", "http://127.0.0.1/", "http://localhost:", "http://localhost/",
                            "http://[::1]:", "http://[::1]/"})
    if (starts_with(url, local) || url + "/" == local) return;
  throw Error::invalid("api_url", "must be an https:// URL (http:// only to 127.0.0.1 or localhost)");
}

// Text that goes into a header line: printable ASCII, no spaces.
bool is_header_token(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) { return c > 0x20 && c < 0x7f; });
}

void check_idempotency_key(std::string_view key) {
  if (!is_header_token(key) || key.size() > kMaxIdempotencyKey)
    throw Error::invalid("idempotency_key", "must be 1 to 255 printable ASCII characters without spaces");
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

// Stripe's word for a PaymentIntent's state, in the port's three.
std::string neutral_status(const std::string& status) {
  if (status == "succeeded") return "succeeded";
  if (status == "canceled") return "failed";
  if (status == "processing" || starts_with(status, "requires_")) return "pending";
  throw Error::unavailable("Stripe answered with an unknown payment status '" + status + "'");
}

// The JSON of a 2xx answer, or the error the answer stands for: Stripe's message for a refusal
// (4xx), unavailable for what a retry may cure (429, 409 "request in progress", 5xx).
nlohmann::json answer_json(const stripe::HttpAnswer& answer, const char* field) {
  auto json = nlohmann::json::parse(answer.body, nullptr, /*allow_exceptions=*/false);
  if (answer.status >= 200 && answer.status < 300) {
    if (!json.is_object()) throw Error::unavailable("Stripe answered with something that is not JSON");
    return json;
  }
  std::string message;
  if (json.is_object() && json.contains("error") && json["error"].is_object()) {
    const auto& error = json["error"];
    if (error.contains("message") && error["message"].is_string()) message = error["message"].get<std::string>();
  }
  const std::string status = std::to_string(answer.status);
  if (answer.status == 409 || answer.status == 429 || answer.status >= 500 || answer.status < 400)
    throw Error::unavailable("Stripe could not take the request (HTTP " + status + ")" +
                             (message.empty() ? "" : ": " + message));
  throw Error::invalid(field, "Stripe refused the request: " + (message.empty() ? "HTTP " + status : message));
}

std::string string_or_empty(const nlohmann::json& object, const char* name) {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

class StripePayments final : public PaymentProvider {
 public:
  explicit StripePayments(StripeOptions options) : options_(std::move(options)) {
    while (!options_.api_url.empty() && options_.api_url.back() == '/') options_.api_url.pop_back();
    check_api_url(options_.api_url);
    if (!is_header_token(options_.secret_key))
      throw Error::invalid("secret_key", "a Stripe secret key (sk_…) is needed");
    if (options_.timeout_ms <= 0) throw Error::invalid("timeout_ms", "must be positive");
    if (options_.webhook_tolerance_ms <= 0) throw Error::invalid("webhook_tolerance_ms", "must be positive");
  }

  std::string name() const override { return "stripe"; }

  Payment create_payment(const PaymentRequest& request) override {
    if (request.amount_minor <= 0) throw Error::invalid("amount", "a payment is of a positive amount");
    if (request.currency.size() != 3 ||
        !std::all_of(request.currency.begin(), request.currency.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
      throw Error::invalid("currency", "must be an ISO 4217 code in upper case, like EUR");
    check_idempotency_key(request.idempotency_key);
    stripe::FormFields fields = {{"amount", std::to_string(request.amount_minor)},
                                 {"currency", lower(request.currency)},
                                 {"automatic_payment_methods[enabled]", "true"}};
    if (!request.description.empty()) fields.emplace_back("description", request.description);
    if (!request.reference.empty()) fields.emplace_back("metadata[reference]", request.reference);
    const auto intent = answer_json(post("/v1/payment_intents", request.idempotency_key, std::move(fields)), "payment");
    Payment out;
    out.id = string_or_empty(intent, "id");
    const std::string status = string_or_empty(intent, "status");
    if (out.id.empty() || status.empty()) throw Error::unavailable("Stripe answered without a PaymentIntent");
    out.status = neutral_status(status);
    out.client_secret = string_or_empty(intent, "client_secret");
    return out;
  }

  void refund(std::string_view payment_id, std::int64_t amount_minor, std::string_view idempotency_key) override {
    if (payment_id.empty()) throw Error::invalid("payment_id", "which payment to refund is missing");
    if (amount_minor <= 0) throw Error::invalid("amount", "a refund is of a positive amount");
    check_idempotency_key(idempotency_key);
    const auto refund = answer_json(post("/v1/refunds", idempotency_key,
                                         {{"payment_intent", std::string(payment_id)},
                                          {"amount", std::to_string(amount_minor)}}),
                                    "refund");
    const std::string status = string_or_empty(refund, "status");
    if (status == "failed" || status == "canceled")
      throw Error::invalid("refund", "Stripe did not refund the payment: the refund is " + status);
  }

  PaymentEvent verify_webhook(std::string_view signature_header, std::string_view body, std::int64_t now_ms) override {
    stripe::check_signature(signature_header, body, options_.webhook_secret, options_.webhook_tolerance_ms, now_ms);
    return stripe::parse_event(body);
  }

 private:
  stripe::HttpAnswer post(const char* path, std::string_view idempotency_key, stripe::FormFields fields) const {
    return stripe::post_form({options_.api_url + path, options_.secret_key, idempotency_key, std::move(fields),
                              options_.timeout_ms});
  }

  StripeOptions options_;
};

}  // namespace

std::shared_ptr<PaymentProvider> make_stripe_payments(StripeOptions options) {
  return std::make_shared<StripePayments>(std::move(options));
}

}  // namespace fitkit
