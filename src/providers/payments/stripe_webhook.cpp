#include "providers/payments/stripe_webhook.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "fitkit/error.hpp"

namespace fitkit::stripe {
namespace {

// Timestamps past this (the year 5138) are not Stripe's and would overflow in milliseconds.
constexpr std::int64_t kMaxSeconds = 100'000'000'000;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

struct SignatureHeader {
  std::string_view timestamp;
  std::vector<std::string_view> v1;
};

SignatureHeader split_header(std::string_view header) {
  SignatureHeader out;
  while (!header.empty()) {
    const auto comma = header.find(',');
    const std::string_view item = trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    const auto eq = item.find('=');
    if (eq == std::string_view::npos) continue;  // Stripe may add schemes; unknown items are skipped
    const auto key = item.substr(0, eq), value = item.substr(eq + 1);
    if (key == "t") out.timestamp = value;
    else if (key == "v1") out.v1.push_back(value);
  }
  return out;
}

std::int64_t parse_seconds(std::string_view text) {
  std::int64_t value = -1;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 0 || value > kMaxSeconds)
    throw Error::unauthenticated("the Stripe-Signature header has no valid timestamp");
  return value;
}

[[noreturn]] void bad_body(const std::string& why) { throw Error::invalid("body", "not a Stripe event: " + why); }

const nlohmann::json& member(const nlohmann::json& object, const char* name) {
  static const nlohmann::json missing;
  if (!object.is_object()) return missing;
  const auto it = object.find(name);
  return it == object.end() ? missing : *it;
}

std::string string_at(const nlohmann::json& object, const char* name, const char* where) {
  const auto& v = member(object, name);
  if (!v.is_string() || v.get_ref<const std::string&>().empty()) bad_body(std::string(where) + " is missing");
  return v.get<std::string>();
}

std::int64_t integer_at(const nlohmann::json& object, const char* name, const char* where) {
  const auto& v = member(object, name);
  if (!v.is_number_integer()) bad_body(std::string(where) + " is not a whole number");
  const auto n = v.get<std::int64_t>();
  if (n < 0) bad_body(std::string(where) + " is negative");
  return n;
}

std::string neutral_type(const std::string& stripe_type) {
  if (stripe_type == "payment_intent.succeeded") return "payment_succeeded";
  if (stripe_type == "payment_intent.payment_failed") return "payment_failed";
  if (stripe_type == "charge.refunded") return "refunded";
  return "other";
}

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::toupper(c); });
  return text;
}

}  // namespace

void check_signature(std::string_view header, std::string_view body, std::string_view secret,
                     std::int64_t tolerance_ms, std::int64_t now_ms) {
  if (secret.empty()) throw Error::unauthenticated("no Stripe webhook secret is configured");
  if (trim(header).empty()) throw Error::unauthenticated("the Stripe-Signature header is missing");
  const auto parsed = split_header(header);
  if (parsed.timestamp.empty()) throw Error::unauthenticated("the Stripe-Signature header has no timestamp");
  if (parsed.v1.empty()) throw Error::unauthenticated("the Stripe-Signature header has no v1 signature");
  const std::int64_t seconds = parse_seconds(parsed.timestamp);

  std::string signed_text;
  signed_text.reserve(parsed.timestamp.size() + 1 + body.size());
  signed_text.append(parsed.timestamp).append(1, '.').append(body);
  const std::string expected = crypto::hex(crypto::hmac_sha256(secret, signed_text));
  bool matched = false;
  for (const auto candidate : parsed.v1) matched |= crypto::constant_time_equal(expected, candidate);
  if (!matched) throw Error::unauthenticated("the Stripe-Signature does not match the body");

  // Checked after the signature, so that only Stripe learns which timestamps pass.
  const std::int64_t sent_ms = seconds * 1000;
  if (sent_ms < now_ms - tolerance_ms)
    throw Error::unauthenticated("the webhook is too old: its timestamp is outside the tolerance");
  if (sent_ms > now_ms + tolerance_ms)
    throw Error::unauthenticated("the webhook's timestamp is too far in the future");
}

PaymentEvent parse_event(std::string_view body) {
  const auto event = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (event.is_discarded() || !event.is_object()) bad_body("the body is not a JSON object");
  if (member(event, "object") != "event") bad_body("its object is not \"event\"");

  PaymentEvent out;
  out.id = string_at(event, "id", "id");
  const std::string stripe_type = string_at(event, "type", "type");
  const std::int64_t created = integer_at(event, "created", "created");
  if (created > kMaxSeconds) bad_body("created is out of range");
  out.created_ms = created * 1000;
  out.type = neutral_type(stripe_type);

  const auto& object = member(member(event, "data"), "object");
  if (!object.is_object()) bad_body("data.object is missing");
  if (const auto& reference = member(member(object, "metadata"), "reference"); reference.is_string())
    out.reference = reference.get<std::string>();
  if (out.type == "other") {  // not read further: its object may be of any kind
    if (const auto& id = member(object, "id"); id.is_string()) out.payment_id = id.get<std::string>();
    return out;
  }
  if (out.type == "refunded") {
    // A charge: its PaymentIntent is the payment, amount_refunded what has been given back in all.
    out.payment_id = string_at(object, "payment_intent", "data.object.payment_intent");
    out.amount_minor = integer_at(object, "amount_refunded", "data.object.amount_refunded");
  } else {
    out.payment_id = string_at(object, "id", "data.object.id");
    out.amount_minor = integer_at(object, "amount", "data.object.amount");
  }
  out.currency = upper(string_at(object, "currency", "data.object.currency"));
  return out;
}

}  // namespace fitkit::stripe
