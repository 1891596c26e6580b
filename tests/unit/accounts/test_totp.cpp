#include <doctest/doctest.h>

#include <set>
#include <string>

#include "accounts/totp.hpp"
#include "fitkit/error.hpp"

using namespace fitkit;
using namespace fitkit::accounts;

namespace {
const std::string kSha1Key = "12345678901234567890";
const std::string kSha256Key = "12345678901234567890123456789012";
const std::string kSha512Key = "1234567890123456789012345678901234567890123456789012345678901234";
const std::string kSha1KeyBase32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";  // kSha1Key in base32
constexpr std::int64_t kStepMs = 30'000;
}  // namespace

TEST_CASE("RFC 6238 Appendix B test vectors") {
  struct Row {
    std::int64_t time;
    const char* sha1;
    const char* sha256;
    const char* sha512;
  };
  const Row rows[] = {
      {59, "94287082", "46119246", "90693936"},
      {1111111109, "07081804", "68084774", "25091201"},
      {1111111111, "14050471", "67062674", "99943326"},
      {1234567890, "89005924", "91819424", "93441116"},
      {2000000000, "69279037", "90698825", "38618901"},
      {20000000000, "65353130", "77737706", "47863826"},
  };
  for (const auto& r : rows) {
    CAPTURE(r.time);
    CHECK(totp_code_raw(kSha1Key, r.time, {TotpAlgorithm::sha1, 8, 30}) == r.sha1);
    CHECK(totp_code_raw(kSha256Key, r.time, {TotpAlgorithm::sha256, 8, 30}) == r.sha256);
    CHECK(totp_code_raw(kSha512Key, r.time, {TotpAlgorithm::sha512, 8, 30}) == r.sha512);
    // Six digits are the last six of eight (the modulus is a power of ten).
    CHECK(totp_code(kSha1KeyBase32, r.time * 1000) == std::string(r.sha1).substr(2));
  }
}

TEST_CASE("bad parameters are refused") {
  CHECK_THROWS_AS(totp_code_raw("", 59), Error);
  CHECK_THROWS_AS(totp_code_raw(kSha1Key, -1), Error);
  CHECK_THROWS_AS(totp_code_raw(kSha1Key, 59, {TotpAlgorithm::sha1, 5, 30}), Error);
  CHECK_THROWS_AS(totp_code_raw(kSha1Key, 59, {TotpAlgorithm::sha1, 9, 30}), Error);
  CHECK_THROWS_AS(totp_code_raw(kSha1Key, 59, {TotpAlgorithm::sha1, 6, 0}), Error);
  CHECK_THROWS_AS(totp_code(kSha1KeyBase32, -1), Error);
  for (std::string bad : {"", "GEZDGNB1", "not base32 at all!", "GEZDGNBV"}) {  // last: only 40 bits
    CAPTURE(bad);
    try {
      totp_code(bad, 0);
      FAIL("accepted a bad secret");
    } catch (const Error& e) {
      CHECK(e.field() == "secret");
    }
  }
}

TEST_CASE("new secrets are 160-bit base32 without padding") {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    const auto s = new_totp_secret();
    REQUIRE(s.size() == 32);
    for (char c : s) CHECK(((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7')));
    CHECK(totp_code(s, 1'700'000'000'000).size() == 6);  // it decodes
    seen.insert(s);
  }
  CHECK(seen.size() == 50);
}

TEST_CASE("the otpauth URI follows the key URI format, percent-encoded") {
  CHECK(totp_uri("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "fitkit", "alice@example.com") ==
        "otpauth://totp/fitkit:alice%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
        "&issuer=fitkit&algorithm=SHA1&digits=6&period=30");
  CHECK(totp_uri("ABC", "Fit Kit & Co", "я@x.ru") ==
        "otpauth://totp/Fit%20Kit%20%26%20Co:%D1%8F%40x.ru?secret=ABC"
        "&issuer=Fit%20Kit%20%26%20Co&algorithm=SHA1&digits=6&period=30");
  CHECK(totp_uri("ABC", "a:b?c", "d#e/f") ==
        "otpauth://totp/a%3Ab%3Fc:d%23e%2Ff?secret=ABC&issuer=a%3Ab%3Fc&algorithm=SHA1&digits=6&period=30");
}

TEST_CASE("verification accepts one step of drift and each code once") {
  const auto secret = new_totp_secret();
  const std::int64_t now = 1'700'000'012'345;
  const std::int64_t step = now / kStepMs;
  const auto current = totp_code(secret, now);

  CHECK(totp_verify(secret, current, now, std::nullopt) == step);
  CHECK(totp_verify(secret, current, now + kStepMs, std::nullopt) == step);  // a slow typist
  CHECK(totp_verify(secret, current, now - kStepMs, std::nullopt) == step);  // a fast phone clock
  const auto two_off = totp_code(secret, now + 2 * kStepMs);
  if (two_off != current) CHECK_FALSE(totp_verify(secret, two_off, now, std::nullopt));
  const auto two_back = totp_code(secret, now - 2 * kStepMs);
  if (two_back != current) CHECK_FALSE(totp_verify(secret, two_back, now, std::nullopt));

  // Replay: the code of a step already used, or older, is refused.
  CHECK_FALSE(totp_verify(secret, current, now, step));
  const auto previous = totp_code(secret, now - kStepMs);
  const auto next = totp_code(secret, now + kStepMs);
  if (previous != current && previous != next) CHECK_FALSE(totp_verify(secret, previous, now, step));
  CHECK(totp_verify(secret, next, now, step) == step + 1);
  CHECK(totp_verify(secret, previous, now, step - 2) == step - 1);

  // Spaces as apps display them are fine.
  CHECK(totp_verify(secret, current.substr(0, 3) + " " + current.substr(3), now, std::nullopt) == step);
}

TEST_CASE("malformed codes are simply not accepted") {
  const std::int64_t t = 59'000;  // the code is 287082
  REQUIRE(totp_verify(kSha1KeyBase32, "287082", t, std::nullopt) == 1);
  const std::initializer_list<std::string> bad_codes = {
      "", "28708", "2870821", "94287082", "28708a", "abcdef", "２８７０８２", "287-082", "287082\n", "-28708",
      std::string("287082\0", 7)};
  for (const std::string& bad : bad_codes) {
    CAPTURE(bad);
    CHECK_FALSE(totp_verify(kSha1KeyBase32, bad, t, std::nullopt));
  }
  CHECK_FALSE(totp_verify(kSha1KeyBase32, "287082", -1, std::nullopt));
  CHECK_THROWS_AS(totp_verify("!!", "287082", t, std::nullopt), Error);
}
