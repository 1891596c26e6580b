#include "accounts/one_time_tokens.hpp"

#include "core/crypto.hpp"
#include "fitkit/error.hpp"

namespace fitkit::accounts {

std::string issue_token(Runtime& rt, storage::Connection& c, std::int64_t user_id, std::string_view purpose,
                        std::int64_t ttl_ms, std::string_view payload) {
  const auto now = rt.now();
  c.exec("UPDATE one_time_tokens SET used_at = ? WHERE user_id = ? AND purpose = ? AND used_at IS NULL",
         {now, user_id, purpose});
  std::string token = crypto::random_token(32);
  c.exec("INSERT INTO one_time_tokens (token_hash, user_id, purpose, payload, created_at, expires_at)"
         " VALUES (?, ?, ?, ?, ?, ?)",
         {crypto::sha256_hex(token), user_id, purpose, payload, now, now + ttl_ms});
  return token;
}

RedeemedToken redeem_token(Runtime& rt, storage::Connection& c, std::string_view token, std::string_view purpose) {
  const auto hash = crypto::sha256_hex(token);
  const auto now = rt.now();
  RedeemedToken out;
  bool found = false;
  c.query("SELECT user_id, payload FROM one_time_tokens"
          " WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?",
          {hash, purpose, now}, [&](const storage::Row& r) {
            found = true;
            out.user_id = r.i64(0);
            out.payload = r.opt_text(1).value_or("");
          });
  // The conditional update makes the token single-use even under a race.
  if (!found || c.exec("UPDATE one_time_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL",
                       {now, hash}) != 1)
    throw Error::invalid("token", "this link is invalid, used or expired; ask for a new one");
  return out;
}

}  // namespace fitkit::accounts
