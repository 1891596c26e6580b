#include "accounts/password_hasher.hpp"

#include <argon2.h>

#include <charconv>
#include <cstdint>
#include <optional>

#include "core/crypto.hpp"
#include "core/unicode.hpp"
#include "fitkit/error.hpp"

namespace fitkit::accounts {
namespace {

constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;
// A stored hash asking for more memory than this is refused rather than computed:
// a corrupted or planted row must not make one sign-in allocate gigabytes.
constexpr std::uint32_t kMaxMemoryKib = 1024 * 1024;
constexpr std::uint32_t kMaxIterations = 100;
constexpr std::uint32_t kMaxParallelism = 64;

struct PhcParams {
  std::uint32_t version = 0, memory_kib = 0, iterations = 0, parallelism = 0;
};

bool take(std::string_view& s, std::string_view prefix) {
  if (s.substr(0, prefix.size()) != prefix) return false;
  s.remove_prefix(prefix.size());
  return true;
}

bool take_number(std::string_view& s, std::uint32_t& out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec != std::errc{} || end == s.data() || (s[0] == '0' && end - s.data() > 1)) return false;
  s.remove_prefix(static_cast<std::size_t>(end - s.data()));
  return true;
}

// Reads the parameters of an Argon2id PHC string; the salt and hash are left to libargon2.
std::optional<PhcParams> parse_params(std::string_view phc) {
  PhcParams p;
  if (!take(phc, "$argon2id$v=") || !take_number(phc, p.version) || !take(phc, "$m=") ||
      !take_number(phc, p.memory_kib) || !take(phc, ",t=") || !take_number(phc, p.iterations) ||
      !take(phc, ",p=") || !take_number(phc, p.parallelism) || !take(phc, "$"))
    return std::nullopt;
  const auto dollar = phc.find('$');
  if (dollar == std::string_view::npos || dollar == 0 || dollar + 1 == phc.size()) return std::nullopt;
  return p;
}

}  // namespace

std::string hash_password(std::string_view password_input, const PasswordHashing& cost) {
  const std::string password = normalize_nfkc(password_input, "password");
  const std::string salt = crypto::random_bytes(kSaltBytes);
  const std::size_t length = argon2_encodedlen(cost.iterations, cost.memory_kib, cost.parallelism,
                                               kSaltBytes, kHashBytes, Argon2_id);
  std::string encoded(length, '\0');  // includes the terminating NUL
  const int rc = argon2id_hash_encoded(cost.iterations, cost.memory_kib, cost.parallelism, password.data(),
                                       password.size(), salt.data(), salt.size(), kHashBytes,
                                       encoded.data(), encoded.size());
  if (rc != ARGON2_OK)
    throw Error::internal(std::string("password hashing failed: ") + argon2_error_message(rc));
  encoded.resize(encoded.find('\0'));
  return encoded;
}

bool verify_password(std::string_view password_input, std::string_view phc) noexcept {
  try {
    auto p = parse_params(phc);
    if (!p || p->version != ARGON2_VERSION_13 || p->memory_kib > kMaxMemoryKib ||
        p->iterations > kMaxIterations || p->parallelism > kMaxParallelism)
      return false;
    const std::string encoded(phc);  // libargon2 wants a NUL-terminated string
    if (encoded.find('\0') != std::string::npos) return false;
    const std::string password = normalize_nfkc(password_input, "password");
    // argon2id_verify decodes the string, recomputes the tag and compares in constant time.
    return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
  } catch (...) {
    return false;
  }
}

bool needs_rehash(std::string_view phc, const PasswordHashing& cost) {
  auto p = parse_params(phc);
  if (!p || p->version != ARGON2_VERSION_13) return true;
  // A 32-byte tag is 43 characters of unpadded base64.
  if (phc.size() - phc.rfind('$') - 1 != 43) return true;
  return p->memory_kib != cost.memory_kib || p->iterations != cost.iterations ||
         p->parallelism != cost.parallelism;
}

}  // namespace fitkit::accounts
