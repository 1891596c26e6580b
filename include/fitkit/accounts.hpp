// Accounts: registration, sign-in, sessions, two-factor, roles and the audit log.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fitkit/actor.hpp"
#include "fitkit/page.hpp"

namespace fitkit {

struct Runtime;
namespace accounts {
class AccessTokens;
}

enum class UserStatus { pending, active, blocked, deleted };
std::string_view to_string(UserStatus s) noexcept;

struct User {
  std::int64_t id = 0;
  std::string email;
  UserStatus status = UserStatus::pending;
  RoleSet roles;
  std::string language;
  bool two_factor = false;
  std::optional<std::string> phone;  // verified phone, if any
  std::int64_t created_at = 0;
};

struct Registration {
  std::string email;
  std::string password;
  std::optional<std::string> nickname;
  std::string language = "en";  // "en" or "ru": the language of mail and notifications
};

struct NewUser {  // an account made by an admin (or the system, for the first admin)
  std::string email;
  std::string password;
  RoleSet roles;
  std::string language = "en";
};

struct Credentials {
  std::string email;
  std::string password;
  std::optional<std::string> totp_code;      // required once two-factor is on
  std::optional<std::string> recovery_code;  // instead of a TOTP code, once each
  std::string device_name;
};

// What login and refresh return, with OAuth 2.0's names in JSON.
struct TokenPair {
  std::string access_token;
  std::string refresh_token;
  std::int64_t expires_in_s = 0;
  std::int64_t session_id = 0;
  std::int64_t user_id = 0;
};

struct SessionInfo {
  std::int64_t id = 0;
  std::string device_name;
  std::string user_agent;
  std::string ip;
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;
  bool current = false;
};

// Sessions are listed oldest first, by (created_at, id): the position after the last one seen.
struct SessionPosition {
  std::int64_t created_at = 0;
  std::int64_t id = 0;
};

struct AuditEntry {
  std::int64_t id = 0;
  std::int64_t at = 0;
  std::string event;
  std::int64_t actor_id = 0;
  std::int64_t subject_id = 0;
  std::string ip;
  std::string detail;  // JSON
};

struct UserFilter {
  std::optional<UserStatus> status;
  std::optional<Role> role;
  std::optional<std::string> email_prefix;
  std::optional<std::int64_t> after_id;  // position: the id of the last account seen
  int limit = kPageLimitDefault;
};

struct TotpEnrollment {
  std::string secret;  // base32
  std::string uri;     // otpauth://totp/…
};

class AccountService {
 public:
  explicit AccountService(Runtime& rt) : rt_(rt) {}

  // Answers the same way whether or not the email is taken: an existing
  // address receives a notice instead of a second account.
  void register_user(const Actor& actor, const Registration& r);
  void resend_verification(const Actor& actor, const std::string& email);
  User verify_email(const Actor& actor, const std::string& token);
  void request_password_reset(const Actor& actor, const std::string& email);
  void reset_password(const Actor& actor, const std::string& token, const std::string& new_password);
  void change_password(const Actor& actor, const std::string& current, const std::string& next);
  void request_email_change(const Actor& actor, const std::string& password, const std::string& new_email);
  User confirm_email_change(const Actor& actor, const std::string& token);

  User me(const Actor& actor);
  User create_user(const Actor& actor, const NewUser& u);
  User get_user(const Actor& actor, std::int64_t user_id);
  Page<User> list_users(const Actor& actor, const UserFilter& filter);  // by id
  User set_blocked(const Actor& actor, std::int64_t user_id, bool blocked);
  User grant_role(const Actor& actor, std::int64_t user_id, Role role);
  User revoke_role(const Actor& actor, std::int64_t user_id, Role role);
  // By id, oldest first; after_id: the id of the last entry seen.
  Page<AuditEntry> audit_log(const Actor& actor, std::optional<std::int64_t> subject_id,
                             std::optional<std::int64_t> after_id, int limit = kPageLimitDefault);

 private:
  Runtime& rt_;
};

class AuthService {
 public:
  explicit AuthService(Runtime& rt);
  ~AuthService();

  TokenPair login(const Actor& actor, const Credentials& c);
  TokenPair refresh(const Actor& actor, const std::string& refresh_token);
  void logout(const Actor& actor);
  Actor authenticate(const std::string& access_token, Origin origin);
  Actor act_as(const std::string& user, Origin origin);

  // The caller's live sessions, oldest first.
  Page<SessionInfo> sessions(const Actor& actor, std::optional<SessionPosition> after = {},
                             int limit = kPageLimitDefault);
  void revoke_session(const Actor& actor, std::int64_t session_id);
  int revoke_other_sessions(const Actor& actor);

  TotpEnrollment enroll_totp(const Actor& actor, const std::string& password);
  std::vector<std::string> confirm_totp(const Actor& actor, const std::string& code);  // recovery codes
  void disable_totp(const Actor& actor, const std::string& password, const std::string& code);

 private:
  Runtime& rt_;
  std::unique_ptr<accounts::AccessTokens> access_tokens_;
};

}  // namespace fitkit
