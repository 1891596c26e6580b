#include <doctest/doctest.h>

#include "core/crypto.hpp"

using namespace fitkit;

TEST_CASE("SHA-256 and HMAC-SHA256 match the published vectors") {
  CHECK(crypto::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // RFC 4231 test case 2.
  CHECK(crypto::hex(crypto::hmac_sha256("Jefe", "what do ya want for nothing?")) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("base64url and base64 round-trip and reject garbage") {
  for (std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar", "\xff\xfe\x00\x01"}) {
    CHECK(crypto::base64url_decode(crypto::base64url_encode(s)) == s);
    CHECK(crypto::base64_decode(crypto::base64_encode(s)) == s);
  }
  CHECK(crypto::base64_encode("foobar") == "Zm9vYmFy");
  CHECK(crypto::base64_encode("fo") == "Zm8=");
  CHECK(crypto::base64url_encode("\xfb\xff") == "-_8");
  CHECK_FALSE(crypto::base64url_decode("a"));
  CHECK_FALSE(crypto::base64url_decode("ab+/"));
  CHECK_FALSE(crypto::base64url_decode("Zh"));  // non-zero leftover bits
  CHECK_FALSE(crypto::base64_decode("Zm8"));
}

TEST_CASE("random tokens are long and distinct; comparison is exact") {
  auto a = crypto::random_token(32), b = crypto::random_token(32);
  CHECK(a.size() == 43);
  CHECK(a != b);
  CHECK(crypto::constant_time_equal(a, a));
  CHECK_FALSE(crypto::constant_time_equal(a, b));
  CHECK_FALSE(crypto::constant_time_equal("abc", "abcd"));
  for (int i = 0; i < 1000; ++i) CHECK(crypto::random_below(7) < 7);
}
