// Password hashing with Argon2id (libargon2), stored as PHC strings:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>
#pragma once

#include <string>
#include <string_view>

#include "fitkit/platform.hpp"

namespace fitkit::accounts {

// Both functions work on the password's NFKC form (normalize_nfkc in core/unicode.hpp, as NIST
// SP 800-63B-4 asks), so that every way of typing the same text gives the same hash: "ﬁ" and
// "fi", "é" composed or as "e" + U+0301, full-width and ASCII letters. NUL is an ordinary
// character; the length is explicit.

// Hashes the password with a fresh 16-byte salt into a 32-byte tag. Throws
// Error::invalid("password") for text normalize_nfkc refuses (malformed UTF-8, unassigned code
// points), Error::internal when the cost is unusable or memory runs out.
std::string hash_password(std::string_view password, const PasswordHashing& cost);

// True only if `phc` is a well-formed Argon2id hash of this password; never throws.
// A password that cannot be normalized never verifies.
bool verify_password(std::string_view password, std::string_view phc) noexcept;

// True when the hash was made with other parameters than `cost` (or is not one we can
// read), so the caller re-hashes the password after a successful sign-in.
bool needs_rehash(std::string_view phc, const PasswordHashing& cost);

}  // namespace fitkit::accounts
