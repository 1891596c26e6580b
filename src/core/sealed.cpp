#include "core/sealed.hpp"

#include <openssl/evp.h>

#include <climits>
#include <memory>

#include "core/crypto.hpp"
#include "fitkit/error.hpp"

namespace fitkit::crypto {
namespace {

constexpr unsigned char kVersion = 1;
constexpr std::size_t kKeyBytes = 32;
constexpr std::size_t kNonceBytes = 12;
constexpr std::size_t kTagBytes = 16;

struct CipherCtxDeleter {
  void operator()(EVP_CIPHER_CTX* c) const noexcept { EVP_CIPHER_CTX_free(c); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter>;

void check_key(std::string_view key) {
  if (key.size() != kKeyBytes) throw Error::internal("the sealing key must be 32 bytes");
}

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }
unsigned char* bytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

// OpenSSL takes lengths as int.
bool fits_int(std::string_view s) { return s.size() <= static_cast<std::size_t>(INT_MAX) - 64; }

}  // namespace

std::string seal(std::string_view key32, std::string_view plaintext, std::string_view associated_data) {
  check_key(key32);
  if (!fits_int(plaintext) || !fits_int(associated_data))
    throw Error::internal("the value to seal is too large");
  const std::string nonce = random_bytes(kNonceBytes);
  std::string out(1 + kNonceBytes + plaintext.size() + kTagBytes, '\0');
  out[0] = static_cast<char>(kVersion);
  out.replace(1, kNonceBytes, nonce);

  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  unsigned char* body = bytes(out) + 1 + kNonceBytes;
  const bool ok =
      ctx && EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceBytes, nullptr) == 1 &&
      EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key32), bytes(nonce)) == 1 &&
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(associated_data),
                        static_cast<int>(associated_data.size())) == 1 &&
      EVP_EncryptUpdate(ctx.get(), body, &len, bytes(plaintext), static_cast<int>(plaintext.size())) == 1 &&
      EVP_EncryptFinal_ex(ctx.get(), body + len, &len) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, body + plaintext.size()) == 1;
  if (!ok) throw Error::internal("AES-256-GCM encryption failed");
  return base64url_encode(out);
}

std::optional<std::string> open_sealed(std::string_view key32, std::string_view sealed,
                                       std::string_view associated_data) {
  check_key(key32);
  if (!fits_int(sealed) || !fits_int(associated_data)) return std::nullopt;
  const auto raw = base64url_decode(sealed);
  if (!raw || raw->size() < 1 + kNonceBytes + kTagBytes || static_cast<unsigned char>((*raw)[0]) != kVersion)
    return std::nullopt;
  const std::string_view data(*raw);
  const auto nonce = data.substr(1, kNonceBytes);
  const auto ciphertext = data.substr(1 + kNonceBytes, data.size() - 1 - kNonceBytes - kTagBytes);
  std::string tag(data.substr(data.size() - kTagBytes));  // OpenSSL wants a writable buffer

  std::string plaintext(ciphertext.size(), '\0');
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  const bool ok =
      ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceBytes, nullptr) == 1 &&
      EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key32), bytes(nonce)) == 1 &&
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(associated_data),
                        static_cast<int>(associated_data.size())) == 1 &&
      EVP_DecryptUpdate(ctx.get(), bytes(plaintext), &len, bytes(ciphertext),
                        static_cast<int>(ciphertext.size())) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) == 1 &&
      // Final checks the tag; nothing is returned unless it matches.
      EVP_DecryptFinal_ex(ctx.get(), bytes(plaintext) + len, &len) == 1;
  if (!ok) return std::nullopt;
  return plaintext;
}

}  // namespace fitkit::crypto
