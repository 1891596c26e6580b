// Ports to the outside world: mail, SMS, blob storage, payments. Each has an embedded
// default that works on one machine with no account anywhere, and a real
// adapter. A failed delivery throws Error(unavailable) so that the outbox retries.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace fitkit {

struct MailMessage {
  std::string from;             // "fitkit <no-reply@localhost>"
  std::string to;               // one address
  std::string subject;          // UTF-8
  std::string text;             // UTF-8 plain-text body
  std::string idempotency_key;  // the same key is the same message: sent once
};

class MailSender {
 public:
  virtual ~MailSender() = default;
  virtual void send(const MailMessage& message) = 0;
};

struct SmsMessage {
  std::string to;  // E.164: "+15551234567"
  std::string text;
  std::string idempotency_key;
};

class SmsSender {
 public:
  virtual ~SmsSender() = default;
  virtual void send(const SmsMessage& message) = 0;
};

// Named byte blobs (avatars, uploaded files).
class BlobStore {
 public:
  virtual ~BlobStore() = default;
  virtual void put(std::string_view key, std::string_view bytes) = 0;
  virtual std::optional<std::string> get(std::string_view key) = 0;
  virtual void remove(std::string_view key) = 0;
};

// Embedded default: one RFC 5322 .eml file per message in `dir`, named by its
// idempotency key, so that delivering twice leaves one file.
std::shared_ptr<MailSender> make_file_mail_sender(std::filesystem::path dir);

struct SmtpOptions {
  std::string url = "smtp://127.0.0.1:25";  // smtp:// (STARTTLS when offered) or smtps://
  std::string username;                      // AUTH when set
  std::string password;
  bool require_tls = false;                  // refuse to send without STARTTLS
  bool verify_peer = true;
  long timeout_ms = 10000;
};
std::shared_ptr<MailSender> make_smtp_mail_sender(SmtpOptions options);

// Embedded default: one file per message in `dir`.
std::shared_ptr<SmsSender> make_file_sms_sender(std::filesystem::path dir);

// Embedded default: files under `dir`; keys may contain '/' but not "..".
std::shared_ptr<BlobStore> make_folder_blob_store(std::filesystem::path dir);

// Payments (docs/payments.md): an amount in minor units (cents), confirmed by the provider at
// once or later by a signed webhook.
struct PaymentRequest {
  std::int64_t amount_minor = 0;
  std::string currency;         // ISO 4217, upper case: "EUR"
  std::string description;      // shown to the payer
  std::string reference;        // ours (a registration's public id), echoed in webhooks
  std::string idempotency_key;  // the same key never makes a second payment
};

struct Payment {
  std::string id;             // the provider's: "pi_…" (Stripe), "lpay_…" (local)
  std::string status;         // succeeded, pending (waits for its webhook), failed
  std::string client_secret;  // for a front-end that completes the payment (Stripe); may be empty
};

// What a verified webhook says, in the provider's neutral terms.
struct PaymentEvent {
  std::string id;    // the provider's event id: a webhook sent twice has the same id
  std::string type;  // payment_succeeded, payment_failed, refunded, or other (ignored)
  std::string payment_id;
  std::string reference;  // the PaymentRequest's reference
  std::int64_t amount_minor = 0;
  std::string currency;
  std::int64_t created_ms = 0;  // when the provider says it happened
};

class PaymentProvider {
 public:
  virtual ~PaymentProvider() = default;
  virtual std::string name() const = 0;  // "local", "stripe"
  // Throws Error(unavailable) when the provider cannot be reached, Error(invalid_argument) when
  // it refuses the request.
  virtual Payment create_payment(const PaymentRequest& request) = 0;
  virtual void refund(std::string_view payment_id, std::int64_t amount_minor, std::string_view idempotency_key) = 0;
  // Checks a webhook's signature header and timestamp (older or newer than the tolerance by
  // `now_ms` is refused, against replays) and reads its body. Throws Error(unauthenticated)
  // for a bad or missing signature or a stale timestamp, Error(invalid_argument) for a body
  // that is not the provider's.
  virtual PaymentEvent verify_webhook(std::string_view signature_header, std::string_view body, std::int64_t now_ms) = 0;
};

// Embedded default: every payment succeeds at once ("lpay_…" ids) and refunds are recorded
// only by the caller; it sends no webhooks, so verify_webhook refuses everything.
std::shared_ptr<PaymentProvider> make_local_payments();

// Stripe's PaymentIntents and Refunds API (form-encoded over HTTPS with the secret key) and its
// webhook signatures ("Stripe-Signature: t=…,v1=…", HMAC-SHA256 of "t.body").
struct StripeOptions {
  std::string api_url = "https://api.stripe.com";  // a stand-in on 127.0.0.1 in tests
  std::string secret_key;                          // sk_…
  std::string webhook_secret;                      // whsec_…
  std::int64_t webhook_tolerance_ms = 5 * 60 * 1000;
  long timeout_ms = 10000;
};
std::shared_ptr<PaymentProvider> make_stripe_payments(StripeOptions options);

}  // namespace fitkit
