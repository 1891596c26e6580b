#include "accounts/password_policy.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <unordered_set>

#include "core/embedded.hpp"
#include "core/unicode.hpp"
#include "fitkit/error.hpp"

namespace fitkit {
extern const EmbeddedFile kDataFiles[];
extern const std::size_t kDataFiles_count;
}  // namespace fitkit

namespace fitkit::accounts {
namespace {

constexpr std::size_t kLowestMinimum = 8;     // NIST: never fewer than 8
constexpr std::size_t kLowestMaximum = 64;    // NIST: at least 64 must be accepted
constexpr std::size_t kHighestMaximum = 128;  // bounds the hashing work per attempt

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string_view trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  auto first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  auto last = s.find_last_not_of(kSpace);
  return s.substr(first, last - first + 1);
}

// Strict UTF-8 decoding (RFC 3629): nullopt when malformed.
std::optional<std::size_t> code_points(std::string_view s) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); ++count) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    char32_t cp = 0, least = 0;
    if (b0 < 0x80) {
      ++i;
      continue;
    } else if ((b0 & 0xE0) == 0xC0) {
      extra = 1, cp = b0 & 0x1F, least = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
      extra = 2, cp = b0 & 0x0F, least = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
      extra = 3, cp = b0 & 0x07, least = 0x10000;
    } else {
      return std::nullopt;  // a continuation byte or 0xF8..0xFF where a sequence must start
    }
    if (s.size() - i <= extra) return std::nullopt;
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < least || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
    i += extra + 1;
  }
  return count;
}

std::unordered_set<std::string> load_common_passwords() {
  std::unordered_set<std::string> words;
  for (std::size_t f = 0; f < kDataFiles_count; ++f) {
    if (kDataFiles[f].name != "common_passwords.txt") continue;
    std::string_view text = kDataFiles[f].content;
    while (!text.empty()) {
      auto end = text.find('\n');
      auto line = text.substr(0, end);
      text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.empty() || line.front() == '#') continue;
      words.insert(ascii_lower(line));
    }
  }
  if (words.empty()) throw Error::internal("the common-password list is missing from the build");
  return words;
}

// Email and nickname in the form the password is compared in; left as they are when they
// cannot be normalized (they were checked by their own rules, not this one).
std::string comparable(std::string_view text) {
  try {
    return normalize_nfkc(text, "text");
  } catch (const Error&) {
    return std::string(text);
  }
}

bool contains(std::string_view haystack_lower, std::string_view needle) {
  return !needle.empty() && haystack_lower.find(ascii_lower(needle)) != std::string_view::npos;
}

}  // namespace

std::size_t count_code_points(std::string_view utf8) {
  auto n = code_points(utf8);
  if (!n) throw Error::invalid("password", "password is not valid UTF-8 text");
  return *n;
}

bool is_common_password(std::string_view password) {
  static const std::unordered_set<std::string> words = load_common_passwords();
  return words.count(ascii_lower(password)) > 0;
}

void check_password(const PasswordPolicy& policy, std::string_view password, std::string_view email,
                    std::string_view nickname) {
  const std::size_t min = std::clamp(policy.min_length, kLowestMinimum, kHighestMaximum);
  const std::size_t max = std::clamp(policy.max_length, std::max(kLowestMaximum, min), kHighestMaximum);

  // Judged as it will be hashed: "ﬁ" counts as the two letters "fi", full-width letters as ASCII.
  const std::string normalized = normalize_nfkc(password, "password");
  const std::size_t length = count_code_points(normalized);
  if (length < min)
    throw Error::invalid("password", "password must be at least " + std::to_string(min) + " characters");
  if (length > max)
    throw Error::invalid("password", "password must be at most " + std::to_string(max) + " characters");
  if (is_common_password(normalized)) throw Error::invalid("password", "password is too common");

  // Case is folded for ASCII letters only; other characters compare exactly.
  const std::string lowered = ascii_lower(normalized);
  const std::string address = comparable(trim(email));
  if (!address.empty()) {
    const auto at = address.rfind('@');
    const auto local = at == std::string::npos ? std::string_view{} : std::string_view(address).substr(0, at);
    if (contains(lowered, address) || (local.size() >= 4 && contains(lowered, local)))
      throw Error::invalid("password", "password must not contain your email address");
  }
  const std::string name = comparable(trim(nickname));
  const std::size_t name_length = code_points(name).value_or(name.size());
  if (name_length >= 3 && contains(lowered, name))
    throw Error::invalid("password", "password must not contain your nickname");
}

}  // namespace fitkit::accounts
