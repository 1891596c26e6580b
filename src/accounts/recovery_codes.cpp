#include "accounts/recovery_codes.hpp"

#include <algorithm>

#include "core/crypto.hpp"
#include "fitkit/error.hpp"

namespace fitkit::accounts {
namespace {

constexpr std::string_view kAlphabet = "23456789abcdefghjkmnpqrstuvwxyz";
constexpr int kGroups = 3;
constexpr int kGroupLength = 4;
constexpr int kMaxCodes = 100;

std::string new_code() {
  std::string code;
  for (int g = 0; g < kGroups; ++g) {
    if (g > 0) code.push_back('-');
    for (int i = 0; i < kGroupLength; ++i)
      code.push_back(kAlphabet[crypto::random_below(static_cast<std::uint32_t>(kAlphabet.size()))]);
  }
  return code;
}

}  // namespace

std::vector<std::string> new_recovery_codes(int n) {
  if (n < 1 || n > kMaxCodes) throw Error::invalid("count", "ask for 1 to 100 recovery codes");
  std::vector<std::string> codes;
  codes.reserve(static_cast<std::size_t>(n));
  while (codes.size() < static_cast<std::size_t>(n)) {
    auto code = new_code();
    if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(std::move(code));
  }
  return codes;
}

std::string normalize_recovery_code(std::string_view typed) {
  std::string out;
  out.reserve(typed.size());
  for (char c : typed) {
    if (c == '-' || c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

}  // namespace fitkit::accounts
