// Single-use recovery codes for when the authenticator app is lost.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fitkit::accounts {

// `n` distinct codes such as "k7dq-m2xr-9fpa": 12 characters from a 31-symbol alphabet
// without look-alikes (no 0/o, 1/i/l), about 59 bits each. Shown to the user once.
std::vector<std::string> new_recovery_codes(int n = 10);

// What the user typed, reduced to the form that is stored (hashed): lower case,
// spaces and dashes dropped. Callers store crypto::sha256_hex(normalize_recovery_code(code)).
std::string normalize_recovery_code(std::string_view typed);

}  // namespace fitkit::accounts
