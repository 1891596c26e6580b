#include "accounts/profile_store.hpp"

#include <algorithm>
#include <cctype>

#include "fitkit/error.hpp"

namespace fitkit::accounts {
namespace {
std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char ch) { return std::tolower(ch); });
  return out;
}
}  // namespace

void check_nickname(std::string_view nickname) {
  const bool ok = nickname.size() >= 3 && nickname.size() <= 30 &&
                  std::all_of(nickname.begin(), nickname.end(), [](unsigned char ch) {
                    return std::isalnum(ch) || ch == '_' || ch == '.' || ch == '-';
                  });
  if (!ok) throw Error::invalid("nickname", "nickname must be 3 to 30 letters, digits, '_', '.' or '-'");
}

void check_nickname_free(storage::Connection& c, std::string_view nickname) {
  check_nickname(nickname);
  if (c.query_i64("SELECT 1 FROM profiles WHERE nickname_key = ?", {lower(nickname)}))
    throw Error::already_exists("this nickname is taken", "nickname");
}

void create_profile(storage::Connection& c, std::int64_t user_id, const std::optional<std::string>& nickname,
                    std::int64_t now) {
  if (nickname) check_nickname(*nickname);
  const std::optional<std::string> key = nickname ? std::optional(lower(*nickname)) : std::nullopt;
  try {
    c.exec("INSERT INTO profiles (user_id, nickname, nickname_key, updated_at) VALUES (?, ?, ?, ?)",
           {user_id, nickname, key, now});
  } catch (const Error& e) {
    if (e.code() == ErrorCode::already_exists) throw Error::already_exists("this nickname is taken", "nickname");
    throw;
  }
}

std::string nickname_of(storage::Connection& c, std::int64_t user_id) {
  return c.query_text("SELECT nickname FROM profiles WHERE user_id = ?", {user_id}).value_or("");
}

}  // namespace fitkit::accounts
