#include "core/crypto.hpp"

#include <array>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/rand.h>

#include "fitkit/error.hpp"

namespace fitkit::crypto {

std::string random_bytes(std::size_t n) {
  std::string out(n, '\0');
  if (n > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1)
    throw Error::internal("the system random generator failed");
  return out;
}

std::uint64_t random_u64() {
  auto bytes = random_bytes(8);
  std::uint64_t v = 0;
  for (unsigned char c : bytes) v = (v << 8) | c;
  return v;
}

std::uint32_t random_below(std::uint32_t bound) {
  if (bound == 0) return 0;
  // Rejection sampling keeps the result uniform.
  const std::uint64_t limit = (UINT64_MAX / bound) * bound;
  for (;;) {
    std::uint64_t v = random_u64();
    if (v < limit) return static_cast<std::uint32_t>(v % bound);
  }
}

std::string random_token(std::size_t bytes) { return base64url_encode(random_bytes(bytes)); }

namespace {

const EVP_MD* sha256_algorithm() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);  // fetched once, see hmac_algorithm
  if (!md) throw Error::internal("OpenSSL has no SHA-256");
  return md;
}

}  // namespace

std::string sha256(std::string_view data) {
  std::string out(32, '\0');
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), reinterpret_cast<unsigned char*>(out.data()), &len,
                 sha256_algorithm(), nullptr) != 1)
    throw Error::internal("SHA-256 failed");
  return out;
}

std::string sha256_hex(std::string_view data) { return hex(sha256(data)); }

namespace {

// Fetched once: an implicit fetch on every use takes a global lock and a lookup.
EVP_MAC* hmac_algorithm() {
  static EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (!mac) throw Error::internal("OpenSSL has no HMAC");
  return mac;
}

}  // namespace

struct HmacKey::State {
  EVP_MAC_CTX* keyed = nullptr;  // initialised with the key; copied for each MAC
  ~State() { EVP_MAC_CTX_free(keyed); }
};

HmacKey::HmacKey(std::string_view key) : state_(std::make_unique<State>()) {
  char digest[] = "SHA256";
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                               OSSL_PARAM_construct_end()};
  state_->keyed = EVP_MAC_CTX_new(hmac_algorithm());
  // An empty key is legal in HMAC, but OpenSSL wants a non-null pointer for it.
  static const unsigned char kNoKey = 0;
  const auto* bytes = key.empty() ? &kNoKey : reinterpret_cast<const unsigned char*>(key.data());
  if (!state_->keyed || EVP_MAC_init(state_->keyed, bytes, key.size(), params) != 1)
    throw Error::internal("HMAC-SHA256 setup failed");
}

HmacKey::~HmacKey() = default;

std::string HmacKey::mac(std::string_view data) const {
  std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> ctx(EVP_MAC_CTX_dup(state_->keyed), EVP_MAC_CTX_free);
  std::string out(32, '\0');
  std::size_t len = 0;
  if (!ctx || EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1 ||
      EVP_MAC_final(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len, out.size()) != 1 ||
      len != out.size())
    throw Error::internal("HMAC-SHA256 failed");
  return out;
}

std::string hmac_sha256(std::string_view key, std::string_view data) { return HmacKey(key).mac(data); }

std::string hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

namespace {
constexpr std::string_view kB64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kB64Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string encode(std::string_view bytes, std::string_view alphabet, bool pad) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    std::uint32_t n = (static_cast<unsigned char>(bytes[i]) << 16) |
                      (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                      static_cast<unsigned char>(bytes[i + 2]);
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += alphabet[(n >> 6) & 63];
    out += alphabet[n & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    if (rest == 2) out += alphabet[(n >> 6) & 63];
    if (pad) out.append(rest == 1 ? "==" : "=");
  }
  return out;
}

// Each byte's value in an alphabet, or 0xFF for a byte that is not in it.
using ReverseAlphabet = std::array<std::uint8_t, 256>;
constexpr ReverseAlphabet reverse_of(std::string_view alphabet) {
  ReverseAlphabet r{};
  r.fill(0xFF);
  for (std::size_t i = 0; i < alphabet.size(); ++i) r[static_cast<unsigned char>(alphabet[i])] = static_cast<std::uint8_t>(i);
  return r;
}
constexpr ReverseAlphabet kB64Reverse = reverse_of(kB64);
constexpr ReverseAlphabet kB64UrlReverse = reverse_of(kB64Url);

// Checks a text and, when `out` is given, appends its bytes; returns how many bytes it holds.
std::optional<std::size_t> decode_into(std::string_view text, const ReverseAlphabet& reverse, bool padded,
                                       std::string* out) {
  if (padded) {
    if (text.size() % 4 != 0) return std::nullopt;
    for (int k = 0; k < 2 && !text.empty() && text.back() == '='; ++k) text.remove_suffix(1);
  }
  if (text.size() % 4 == 1) return std::nullopt;
  const std::size_t size = text.size() / 4 * 3 + (text.size() % 4 == 0 ? 0 : text.size() % 4 - 1);
  if (out) out->reserve(out->size() + size);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    const auto v = reverse[static_cast<unsigned char>(c)];
    if (v == 0xFF) return std::nullopt;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (out) out->push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  // Leftover bits must be zero, so that every text has one decoding.
  if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) return std::nullopt;
  return size;
}

std::optional<std::string> decode(std::string_view text, const ReverseAlphabet& reverse, bool padded) {
  std::string out;
  if (!decode_into(text, reverse, padded, &out)) return std::nullopt;
  return out;
}
}  // namespace

std::string base64url_encode(std::string_view bytes) { return encode(bytes, kB64Url, false); }
std::optional<std::string> base64url_decode(std::string_view text) { return decode(text, kB64UrlReverse, false); }
std::string base64_encode(std::string_view bytes) { return encode(bytes, kB64, true); }
std::optional<std::string> base64_decode(std::string_view text) { return decode(text, kB64Reverse, true); }
std::optional<std::size_t> base64_decoded_size(std::string_view text) {
  return decode_into(text, kB64Reverse, true, nullptr);
}

bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace fitkit::crypto
