#include "accounts/reauthentication.hpp"

#include "accounts/password_hasher.hpp"
#include "accounts/throttle.hpp"
#include "accounts/user_store.hpp"
#include "fitkit/error.hpp"

namespace fitkit::accounts {

void reauthenticate(Runtime& rt, storage::Connection& c, std::int64_t user_id, std::string_view password,
                    const std::string& field) {
  auto user = find_user(c, user_id, false);
  if (!user || user->user.status == UserStatus::deleted) throw Error::not_found("no such user");
  const auto key = account_throttle_key(user->user.email);
  check_throttle(c, key, rt.now());
  if (verify_password(password, user->password_hash)) return;
  const auto& limits = rt.options.auth;
  record_failure(c, key, rt.now(), limits.free_failures, limits.max_lock_ms, limits.max_account_failures);
  throw Error::invalid(field, "the password is wrong");
}

}  // namespace fitkit::accounts
