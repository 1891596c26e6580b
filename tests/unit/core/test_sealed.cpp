#include <doctest/doctest.h>

#include <set>
#include <string>

#include "core/crypto.hpp"
#include "core/sealed.hpp"
#include "fitkit/error.hpp"

using namespace fitkit;

namespace {

std::string unhex(std::string_view h) {
  std::string out;
  for (std::size_t i = 0; i + 1 < h.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(std::string(h.substr(i, 2)), nullptr, 16)));
  return out;
}

const std::string kKey = crypto::random_bytes(32);

}  // namespace

TEST_CASE("sealed values open with the same key and associated data") {
  const std::string binary("\0\x01\xff secret", 10);
  for (const std::string& plaintext : {std::string(), std::string("ya29.oauth-token"), binary,
                                       std::string(100000, 'z')}) {
    const auto sealed = crypto::seal(kKey, plaintext, "user:42");
    const auto raw = crypto::base64url_decode(sealed);
    REQUIRE(raw);
    CHECK(raw->size() == 1 + 12 + plaintext.size() + 16);
    CHECK((*raw)[0] == '\x01');
    CHECK(crypto::open_sealed(kKey, sealed, "user:42") == plaintext);
  }
  CHECK(crypto::open_sealed(kKey, crypto::seal(kKey, "x", ""), "") == std::string("x"));
}

TEST_CASE("each sealing uses a new nonce") {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) seen.insert(crypto::seal(kKey, "same plaintext", "ad"));
  CHECK(seen.size() == 100);
}

TEST_CASE("the GCM specification's test case 16 opens (AES-256, 96-bit nonce, associated data)") {
  const auto key = unhex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
  const auto plaintext = unhex(
      "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525"
      "b16aedf5aa0de657ba637b39");
  const auto ad = unhex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
  const auto nonce = unhex("cafebabefacedbaddecaf888");
  const auto ciphertext = unhex(
      "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838"
      "c5f61e6393ba7a0abcc9f662");
  const auto tag = unhex("76fc6ece0f4e1768cddf8853bb2d551b");
  const auto sealed = crypto::base64url_encode("\x01" + nonce + ciphertext + tag);
  CHECK(crypto::open_sealed(key, sealed, ad) == plaintext);
  CHECK_FALSE(crypto::open_sealed(key, sealed, ""));
}

TEST_CASE("tampering, another key or other associated data: nothing opens") {
  const auto sealed = crypto::seal(kKey, "refresh-token-value", "provider:strava:user:7");
  CHECK_FALSE(crypto::open_sealed(crypto::random_bytes(32), sealed, "provider:strava:user:7"));
  CHECK_FALSE(crypto::open_sealed(kKey, sealed, "provider:strava:user:8"));
  CHECK_FALSE(crypto::open_sealed(kKey, sealed, ""));

  const auto raw = *crypto::base64url_decode(sealed);
  for (std::size_t i = 0; i < raw.size(); ++i) {  // every byte: version, nonce, ciphertext, tag
    std::string altered = raw;
    altered[i] = static_cast<char>(altered[i] ^ 0x01);
    CAPTURE(i);
    CHECK_FALSE(crypto::open_sealed(kKey, crypto::base64url_encode(altered), "provider:strava:user:7"));
  }
  CHECK_FALSE(crypto::open_sealed(kKey, crypto::base64url_encode(raw.substr(0, raw.size() - 1)),
                                  "provider:strava:user:7"));
  CHECK_FALSE(crypto::open_sealed(kKey, crypto::base64url_encode(raw + "x"), "provider:strava:user:7"));
  CHECK_FALSE(crypto::open_sealed(kKey, crypto::base64url_encode(raw.substr(0, 29)), ""));
  for (const char* garbage : {"", "!!!!", "AQ", "a", "Zm9v YmFy", "=="}) {
    CAPTURE(garbage);
    CHECK_FALSE(crypto::open_sealed(kKey, garbage, ""));
  }
  CHECK_FALSE(crypto::open_sealed(kKey, sealed + "=", "provider:strava:user:7"));
}

TEST_CASE("a key that is not 32 bytes is a configuration fault") {
  for (std::size_t n : {0u, 16u, 31u, 33u, 64u}) {
    CAPTURE(n);
    const auto key = std::string(n, 'k');
    try {
      crypto::seal(key, "x", "");
      FAIL("sealed with a bad key");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::internal);
    }
    CHECK_THROWS_AS(crypto::open_sealed(key, crypto::seal(kKey, "x", ""), ""), Error);
  }
}
