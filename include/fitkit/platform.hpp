// The SDK's entry point: opens storage from a URL with options and hands out
// the services. Front-ends (fitctl, HTTP, C API) go through call().
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "fitkit/actor.hpp"
#include "fitkit/clock.hpp"
#include "fitkit/providers.hpp"
#include "fitkit/storage.hpp"

namespace fitkit {

class AccountDataService;
class AccountService;
class AuthService;
class ProfileService;
class NotificationService;
class Outbox;
class WorkoutService;
class GearService;
class TrainingService;
class OrganisationService;
class EventService;
class RegistrationService;
class ParticipantService;
class EventMessageService;
class ResultService;
namespace storage {
class PubSub;
}

// Argon2id cost; the defaults are OWASP's (m=19 MiB, t=2, p=1).
struct PasswordHashing {
  std::uint32_t memory_kib = 19 * 1024;
  std::uint32_t iterations = 2;
  std::uint32_t parallelism = 1;
};

struct AuthSettings {
  std::size_t min_password_length = 15;             // code points; at least 8
  std::int64_t access_token_ttl_ms = 15 * kMinuteMs;
  std::int64_t session_idle_ms = 30 * kDayMs;       // unused this long: ended
  std::int64_t session_absolute_ms = 90 * kDayMs;   // older than this: ended
  std::int64_t email_token_ttl_ms = 24 * kHourMs;   // verification links
  std::int64_t reset_token_ttl_ms = kHourMs;        // password reset links
  // Failed logins: free up to this many, then a growing delay, and a lock.
  int free_failures = 5;
  std::int64_t max_lock_ms = 15 * kMinuteMs;
  int max_account_failures = 100;  // then locked until a password reset
  int free_failures_per_ip = 20;
  // Mail about an account (verification, reset, "already registered") per address and hour;
  // past it nothing is sent, and the answer stays the same.
  int account_mails_per_hour = 5;
  // Phone verification by SMS code.
  std::int64_t sms_code_ttl_ms = 10 * kMinuteMs;
  std::int64_t sms_resend_delay_ms = kMinuteMs;  // per user, whatever the number
  int sms_max_attempts = 5;                      // wrong codes; then the code is void
  std::size_t avatar_max_bytes = 5 * 1024 * 1024;
};

// Registration for events (docs/registration.md).
struct EventSettings {
  std::int64_t offer_hold_ms = 48 * kHourMs;   // a place offered from the waitlist is held this long
  std::int64_t payment_hold_ms = kHourMs;      // an unpaid place is released after this
};

struct PlatformOptions {
  std::string database_url = "sqlite:fitkit.db";
  std::filesystem::path data_dir = "fitkit-data";
  std::string public_url = "http://127.0.0.1:8080";  // the base of links in mail
  std::string mail_from = "fitkit <no-reply@localhost>";
  // Providers; null selects the embedded default under data_dir.
  std::shared_ptr<const Clock> clock;
  std::shared_ptr<MailSender> mail;
  std::shared_ptr<SmsSender> sms;
  std::shared_ptr<BlobStore> blobs;
  std::shared_ptr<PaymentProvider> payments;  // null: the local provider, which confirms at once
  // Signs access tokens. Empty: a key generated once and kept in the database,
  // so that every process on the same database accepts the same tokens.
  std::string token_signing_key;
  // Encrypts secrets held for users (TOTP secrets) with AES-256-GCM. Empty: a
  // key kept in the database; set it (FITKIT_SEALING_KEY) to keep the key apart
  // from the data it protects.
  std::string sealing_key;
  PasswordHashing password_hashing;
  AuthSettings auth;
  EventSettings events;
  bool migrate = true;  // apply pending migrations on open
};

class Platform {
 public:
  static std::unique_ptr<Platform> open(PlatformOptions options);
  ~Platform();
  Platform(const Platform&) = delete;
  Platform& operator=(const Platform&) = delete;

  // Runs an operation of the registry by its dotted name with JSON parameters
  // and returns its JSON result. Throws fitkit::Error.
  std::string call(std::string_view operation, const Actor& actor, std::string_view json_params);
  // The same, with progress reports from a long operation (a bulk import): items done, items in
  // all, the current item's name. Called on the calling thread.
  using Progress = std::function<void(std::size_t done, std::size_t total, std::string_view item)>;
  std::string call(std::string_view operation, const Actor& actor, std::string_view json_params,
                   const Progress& progress);
  // The same, with files on the caller's own machine by parameter name, for an operation that
  // reads them from disk as it goes (workouts.import: a ZIP of any size in bounded memory); the
  // JSON then carries "" for them. For a local front-end whose user may read those files anyway
  // (fitctl); a server must never pass what its clients name.
  using LocalFiles = std::map<std::string, std::filesystem::path, std::less<>>;
  std::string call(std::string_view operation, const Actor& actor, std::string_view json_params,
                   const Progress& progress, const LocalFiles& local_files);

  // The acting user behind a bearer access token; throws Error(unauthenticated).
  Actor authenticate(std::string_view access_token, Origin origin = {});
  // A user by "usr_…" id or email, acting without a session: for `--as` on a local database.
  Actor act_as(std::string_view user, Origin origin = {});

  // Throws Error(unavailable) unless the database answers a trivial query.
  void check_health();

  AccountService& accounts();
  AuthService& auth();
  ProfileService& profiles();
  AccountDataService& account_data();  // include "fitkit/account_data.hpp"
  NotificationService& notifications();
  Outbox& outbox();  // include "fitkit/outbox.hpp"
  WorkoutService& workouts();    // include "fitkit/workouts.hpp"
  GearService& gear();           // include "fitkit/gear.hpp"
  TrainingService& training();   // include "fitkit/training.hpp"
  OrganisationService& organisations();  // include "fitkit/organisations.hpp"
  EventService& events();                // include "fitkit/events.hpp"
  RegistrationService& registrations();  // include "fitkit/registrations.hpp"
  ParticipantService& participants();    // include "fitkit/participants.hpp"
  EventMessageService& event_messages(); // include "fitkit/event_messages.hpp"
  ResultService& results();              // include "fitkit/results.hpp"

  storage::Database& database();
  // Live fan-out across the processes on this database (include "fitkit/pubsub.hpp"), opened
  // on first use; user topics carry new notifications (see docs/websocket.md).
  storage::PubSub& pubsub();
  const Clock& clock() const;
  const PlatformOptions& options() const;

  struct Impl;

 private:
  explicit Platform(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace fitkit
