// Authenticated encryption of secrets held at rest (providers' OAuth tokens, TOTP secrets):
// AES-256-GCM over OpenSSL. The associated data binds a sealed value to its place
// (e.g. "totp:usr_123"), so a value copied to another row does not open.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fitkit::crypto {

// base64url(version 1 | 12-byte random nonce | ciphertext | 16-byte tag). `key32` must be
// exactly 32 bytes, otherwise Error::internal (a configuration fault, not user input).
std::string seal(std::string_view key32, std::string_view plaintext, std::string_view associated_data);

// The plaintext, or nullopt when the text is not ours, was altered, or the key or the
// associated data differ. Throws Error::internal only for a key of the wrong size.
std::optional<std::string> open_sealed(std::string_view key32, std::string_view sealed,
                                       std::string_view associated_data);

}  // namespace fitkit::crypto
