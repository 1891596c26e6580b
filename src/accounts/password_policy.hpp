// Which passwords are accepted: NIST SP 800-63B-4 and OWASP ASVS 5.0 rules.
// Length and a blocklist, no composition rules, never truncated. Every rule judges the
// password's NFKC form (core/unicode.hpp), the form that password_hasher hashes.
#pragma once

#include <cstddef>
#include <string_view>

namespace fitkit::accounts {

struct PasswordPolicy {
  std::size_t min_length = 15;   // code points; values below 8 count as 8
  std::size_t max_length = 128;  // code points; kept within [64, 128]
};

// Throws Error::invalid("password", reason) when the password is refused, including for
// malformed UTF-8 and for code points that Unicode has not assigned yet.
// `email` and `nickname` may be empty (nothing to compare with).
void check_password(const PasswordPolicy& policy, std::string_view password, std::string_view email,
                    std::string_view nickname);

// The number of Unicode code points in well-formed UTF-8; throws Error::invalid("password")
// for malformed UTF-8 (overlong forms, surrogates, truncated sequences, values past U+10FFFF).
std::size_t count_code_points(std::string_view utf8);

// Whether the password is on the bundled list of common passwords, ignoring ASCII case.
bool is_common_password(std::string_view password);

}  // namespace fitkit::accounts
