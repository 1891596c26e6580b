// Random numbers, hashes, MACs and encodings over OpenSSL.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace fitkit::crypto {

// Cryptographically secure random bytes (RAND_bytes); throws Error(internal) on failure.
std::string random_bytes(std::size_t n);
std::uint64_t random_u64();
// A uniformly random integer in [0, bound).
std::uint32_t random_below(std::uint32_t bound);
// `bytes` random bytes as base64url without padding: for tokens.
std::string random_token(std::size_t bytes = 32);

std::string sha256(std::string_view data);      // 32 raw bytes
std::string sha256_hex(std::string_view data);  // 64 lowercase hex digits
std::string hmac_sha256(std::string_view key, std::string_view data);  // 32 raw bytes

// An HMAC-SHA256 key set up once: for a key that signs on every request, where
// setting up the MAC each time would cost more than the MAC itself.
class HmacKey {
 public:
  explicit HmacKey(std::string_view key);
  ~HmacKey();
  HmacKey(const HmacKey&) = delete;
  HmacKey& operator=(const HmacKey&) = delete;
  std::string mac(std::string_view data) const;  // 32 raw bytes; safe from several threads

 private:
  struct State;
  std::unique_ptr<State> state_;
};

std::string hex(std::string_view bytes);
std::string base64url_encode(std::string_view bytes);  // no padding
std::optional<std::string> base64url_decode(std::string_view text);
std::string base64_encode(std::string_view bytes);  // standard alphabet, padded
std::optional<std::string> base64_decode(std::string_view text);
// How many bytes a standard, padded base64 text holds; empty when it is not such a text.
std::optional<std::size_t> base64_decoded_size(std::string_view text);

// Compares secrets in time that depends only on their lengths.
bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

}  // namespace fitkit::crypto
