// Time-based one-time passwords (RFC 6238) over liboath, as authenticator apps use them:
// HMAC-SHA1, 6 digits, 30-second steps from the Unix epoch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fitkit::accounts {

enum class TotpAlgorithm { sha1, sha256, sha512 };

struct TotpParams {
  TotpAlgorithm algorithm = TotpAlgorithm::sha1;
  unsigned digits = 6;       // 6, 7 or 8
  unsigned period_s = 30;
};

// A new 160-bit secret as RFC 4648 base32 without padding (32 characters).
std::string new_totp_secret();

// The otpauth:// URI that authenticator apps read from a QR code.
std::string totp_uri(std::string_view secret_base32, std::string_view issuer, std::string_view account);

// The code for the time step containing `unix_ms`. Throws Error::invalid("secret") for a secret
// that is not base32 of at least 128 bits, Error::invalid("time") before the epoch.
std::string totp_code(std::string_view secret_base32, std::int64_t unix_ms);

// Accepts `code` if it is the code of the current step or of one step either side (clock drift),
// and only at a step later than `last_used_step`, so a code works once. Returns the matching step,
// which the caller stores as the new last_used_step. Spaces in the code are ignored; anything
// else that is not six digits is not accepted. Throws Error::invalid("secret") as totp_code does.
std::optional<std::int64_t> totp_verify(std::string_view secret_base32, std::string_view code,
                                        std::int64_t unix_ms, std::optional<std::int64_t> last_used_step);

// The same over a raw key and any parameters: what RFC 6238's test vectors exercise.
std::string totp_code_raw(std::string_view key, std::int64_t unix_seconds, const TotpParams& params = {});

}  // namespace fitkit::accounts
