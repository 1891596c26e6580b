// The rest of an account's data: a verified phone number, the avatar, the
// history of body metrics, and the user's rights over all of it (export, deletion).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fitkit/accounts.hpp"
#include "fitkit/actor.hpp"
#include "fitkit/page.hpp"

namespace fitkit {

struct Runtime;

struct PhoneVerification {
  std::string phone;             // E.164, as given
  std::int64_t expires_at = 0;   // the code works until then
  std::int64_t resend_after = 0; // no new code before then
};

struct Avatar {
  std::string content_type;  // image/png, image/jpeg, image/webp or image/gif
  std::string bytes;
};

// One day of body measurements. A field never recorded for the day is empty.
struct MetricsEntry {
  std::string date;  // YYYY-MM-DD, the user's local day
  std::optional<double> weight_kg;
  std::optional<double> height_cm;
  std::optional<int> resting_hr;  // beats per minute
  std::int64_t recorded_at = 0;
};

struct MetricsQuery {
  std::optional<std::string> from, to;  // inclusive YYYY-MM-DD bounds
  std::optional<std::string> after;     // position: the last day seen, YYYY-MM-DD
  int limit = kPageLimitDefault;
};

class AccountDataService {
 public:
  explicit AccountDataService(Runtime& rt) : rt_(rt) {}

  // Phone: a 6-digit code goes by SMS to the number; only its HMAC is stored.
  // A second request within AuthSettings::sms_resend_delay_ms is rate_limited.
  PhoneVerification start_phone_verification(const Actor& actor, const std::string& phone);
  // At most AuthSettings::sms_max_attempts tries per code; then ask for a new one.
  User confirm_phone(const Actor& actor, const std::string& code);
  User remove_phone(const Actor& actor);

  // Avatar: PNG, JPEG, WebP or GIF, told by its first bytes, at most
  // AuthSettings::avatar_max_bytes. Errors about the image name the field "image".
  void set_avatar(const Actor& actor, std::string_view image);
  // Seen by whoever may see the profile (ProfileService::get); otherwise not_found.
  Avatar avatar(const Actor& actor, std::int64_t user_id);
  void delete_avatar(const Actor& actor);

  // Metrics history: health data, so the user's own only. Nobody else reads
  // it, not admins and not coaches (medical access covers the notes alone).
  // Recording a day again keeps the values not given.
  MetricsEntry record_metrics(const Actor& actor, const MetricsEntry& entry);
  Page<MetricsEntry> metrics(const Actor& actor, const MetricsQuery& query);  // oldest day first
  void delete_metrics(const Actor& actor, const std::string& date);

  // Deletion: sessions, tokens, codes, notifications, metrics, grants and the
  // avatar are removed; the account and profile rows are emptied of personal
  // data and kept as "deleted", so that the audit log and other people's
  // records still resolve. The address is free to register again.
  // Needs the password, and the TOTP (or a recovery) code once two-factor is on.
  void delete_account(const Actor& actor, const std::string& password, const std::optional<std::string>& code);
  // Admins, not their own account.
  void delete_user(const Actor& actor, std::int64_t user_id);

  // Everything held about the caller, as one JSON object: account, profile
  // (with medical notes), avatar, metrics, sessions, notifications and their
  // preferences, medical access grants and the audit events about them. No
  // password hash, TOTP secret or token hashes.
  std::string export_data(const Actor& actor);

 private:
  Runtime& rt_;
};

}  // namespace fitkit
