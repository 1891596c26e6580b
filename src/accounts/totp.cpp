#include "accounts/totp.hpp"

#include <liboath/oath.h>

#include <cstdlib>
#include <memory>

#include "core/crypto.hpp"
#include "fitkit/error.hpp"

namespace fitkit::accounts {
namespace {

constexpr std::size_t kSecretBytes = 20;     // 160 bits, as RFC 4226 recommends
constexpr std::size_t kMinSecretBytes = 16;  // RFC 4226: at least 128 bits
constexpr std::int64_t kStepMs = 30'000;
constexpr unsigned kDigits = 6;

void ensure_oath() {
  static const int rc = oath_init();
  if (rc != OATH_OK) throw Error::internal(std::string("liboath failed to start: ") + oath_strerror(rc));
}

struct FreeDeleter {
  void operator()(char* p) const noexcept { std::free(p); }
};

std::string decode_secret(std::string_view secret_base32) {
  ensure_oath();
  char* raw = nullptr;
  std::size_t length = 0;
  const int rc = oath_base32_decode(secret_base32.data(), secret_base32.size(), &raw, &length);
  std::unique_ptr<char, FreeDeleter> owned(raw);
  if (rc != OATH_OK || length < kMinSecretBytes)
    throw Error::invalid("secret", "the two-factor secret is not valid base32 of at least 128 bits");
  return std::string(raw, length);
}

std::string percent_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                            c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string code_at_step(std::string_view key, std::int64_t step) {
  return totp_code_raw(key, step * (kStepMs / 1000));
}

}  // namespace

std::string new_totp_secret() {
  ensure_oath();
  const std::string key = crypto::random_bytes(kSecretBytes);
  char* raw = nullptr;
  std::size_t length = 0;
  const int rc = oath_base32_encode(key.data(), key.size(), &raw, &length);
  std::unique_ptr<char, FreeDeleter> owned(raw);
  if (rc != OATH_OK) throw Error::internal("base32 encoding of the two-factor secret failed");
  std::string text(raw, length);
  text.erase(text.find_last_not_of('=') + 1);  // 20 bytes need no padding, but be sure
  return text;
}

std::string totp_uri(std::string_view secret_base32, std::string_view issuer, std::string_view account) {
  // Google's Key URI format: the label is "issuer:account", the issuer repeated as a parameter.
  return "otpauth://totp/" + percent_encode(issuer) + ":" + percent_encode(account) +
         "?secret=" + percent_encode(secret_base32) + "&issuer=" + percent_encode(issuer) +
         "&algorithm=SHA1&digits=6&period=30";
}

std::string totp_code_raw(std::string_view key, std::int64_t unix_seconds, const TotpParams& params) {
  ensure_oath();
  if (key.empty()) throw Error::invalid("secret", "the two-factor key is empty");
  if (unix_seconds < 0) throw Error::invalid("time", "one-time codes start at the Unix epoch");
  if (params.digits < 6 || params.digits > 8) throw Error::invalid("digits", "codes have 6 to 8 digits");
  if (params.period_s == 0) throw Error::invalid("period", "the time step must be at least 1 second");
  int flags = 0;
  if (params.algorithm == TotpAlgorithm::sha256) flags = OATH_TOTP_HMAC_SHA256;
  if (params.algorithm == TotpAlgorithm::sha512) flags = OATH_TOTP_HMAC_SHA512;
  char out[16] = {};
  const int rc = oath_totp_generate2(key.data(), key.size(), static_cast<time_t>(unix_seconds),
                                     params.period_s, OATH_TOTP_DEFAULT_START_TIME, params.digits, flags, out);
  if (rc != OATH_OK)
    throw Error::internal(std::string("one-time code generation failed: ") + oath_strerror(rc));
  return std::string(out, params.digits);
}

std::string totp_code(std::string_view secret_base32, std::int64_t unix_ms) {
  if (unix_ms < 0) throw Error::invalid("time", "one-time codes start at the Unix epoch");
  return code_at_step(decode_secret(secret_base32), unix_ms / kStepMs);
}

std::optional<std::int64_t> totp_verify(std::string_view secret_base32, std::string_view code,
                                        std::int64_t unix_ms, std::optional<std::int64_t> last_used_step) {
  std::string digits;
  for (char c : code) {
    if (c == ' ') continue;
    if (c < '0' || c > '9') return std::nullopt;
    digits.push_back(c);
  }
  if (digits.size() != kDigits || unix_ms < 0) return std::nullopt;
  const std::string key = decode_secret(secret_base32);
  const std::int64_t now = unix_ms / kStepMs;
  std::optional<std::int64_t> matched;
  // Every candidate is computed and compared, so the time taken does not tell which one matched.
  for (std::int64_t step = now - 1; step <= now + 1; ++step) {
    if (step < 0 || (last_used_step && step <= *last_used_step)) continue;
    if (crypto::constant_time_equal(code_at_step(key, step), digits) && !matched) matched = step;
  }
  return matched;
}

}  // namespace fitkit::accounts
