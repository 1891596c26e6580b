#include <doctest/doctest.h>

#include <cmath>
#include <set>
#include <string>

#include "accounts/recovery_codes.hpp"
#include "core/crypto.hpp"
#include "fitkit/error.hpp"

using namespace fitkit;
using namespace fitkit::accounts;

TEST_CASE("recovery codes are readable, distinct and strong") {
  const std::string alphabet = "23456789abcdefghjkmnpqrstuvwxyz";
  CHECK(12 * std::log2(static_cast<double>(alphabet.size())) >= 50);
  std::set<std::string> seen;
  for (int round = 0; round < 20; ++round) {
    const auto codes = new_recovery_codes();
    REQUIRE(codes.size() == 10);
    for (const auto& c : codes) {
      REQUIRE(c.size() == 14);
      CHECK(c[4] == '-');
      CHECK(c[9] == '-');
      for (std::size_t i = 0; i < c.size(); ++i)
        if (i != 4 && i != 9) CHECK(alphabet.find(c[i]) != std::string::npos);
      CHECK(normalize_recovery_code(c).size() == 12);
      seen.insert(c);
    }
  }
  CHECK(seen.size() == 200);
  CHECK(new_recovery_codes(1).size() == 1);
  CHECK_THROWS_AS(new_recovery_codes(0), Error);
  CHECK_THROWS_AS(new_recovery_codes(-3), Error);
  CHECK_THROWS_AS(new_recovery_codes(1000), Error);
}

TEST_CASE("what the user types matches what is stored") {
  const auto code = new_recovery_codes(1).front();
  const auto stored = crypto::sha256_hex(normalize_recovery_code(code));
  std::string shouted;
  for (char c : code) shouted.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  for (const std::string& typed : {code, shouted, " " + code + " ", normalize_recovery_code(code)}) {
    CAPTURE(typed);
    CHECK(crypto::sha256_hex(normalize_recovery_code(typed)) == stored);
  }
  CHECK(normalize_recovery_code("K7DQ-M2XR-9FPA") == "k7dqm2xr9fpa");
  CHECK(normalize_recovery_code(" k7dq m2xr\t9fpa\n") == "k7dqm2xr9fpa");
  CHECK(normalize_recovery_code("k7dq--m2xr") == "k7dqm2xr");
  CHECK(normalize_recovery_code("") == "");
  CHECK(normalize_recovery_code("k7dq_m2xr") == "k7dq_m2xr");  // other characters are kept and will not match
}
