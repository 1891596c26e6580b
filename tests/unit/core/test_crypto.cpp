#include <doctest/doctest.h>

#include <thread>
#include <vector>

#include "core/crypto.hpp"

using namespace fitkit;

TEST_CASE("SHA-256 and HMAC-SHA256 match the published vectors") {
  CHECK(crypto::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // RFC 4231 test case 2.
  CHECK(crypto::hex(crypto::hmac_sha256("Jefe", "what do ya want for nothing?")) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("a prepared HMAC key gives the RFC 4231 tags, reused and from several threads") {
  const crypto::HmacKey short_key(std::string(20, '\x0b'));  // test case 1
  const crypto::HmacKey long_key(std::string(131, '\xaa'));  // test case 6: a key longer than a block
  const std::string tag1 = "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7";
  const std::string tag6 = "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54";
  const std::string data6 = "Test Using Larger Than Block-Size Key - Hash Key First";
  for (int i = 0; i < 3; ++i) {  // the key's state is copied, never consumed
    CHECK(crypto::hex(short_key.mac("Hi There")) == tag1);
    CHECK(crypto::hex(long_key.mac(data6)) == tag6);
  }
  CHECK(crypto::hex(crypto::HmacKey("").mac("")) ==
        "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
  std::vector<int> wrong(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) wrong[t] += crypto::hex(long_key.mac(data6)) != tag6;
    });
  for (auto& th : threads) th.join();
  CHECK(wrong == std::vector<int>(4, 0));
}

TEST_CASE("base64url and base64 round-trip and reject garbage") {
  for (std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar", "\xff\xfe\x00\x01"}) {
    CHECK(crypto::base64url_decode(crypto::base64url_encode(s)) == s);
    CHECK(crypto::base64_decode(crypto::base64_encode(s)) == s);
    CHECK(crypto::base64_decoded_size(crypto::base64_encode(s)) == s.size());
  }
  for (const char* bad : {"Zm8", "Zm8==", "Z===", "Zm9v====", "Zm-_", "Zh==", "Zm 8="}) {
    CAPTURE(bad);
    CHECK_FALSE(crypto::base64_decode(bad));
    CHECK_FALSE(crypto::base64_decoded_size(bad));
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
