#include <doctest/doctest.h>

#include <string>

#include "accounts/password_policy.hpp"
#include "fitkit/error.hpp"

using namespace fitkit;
using namespace fitkit::accounts;

namespace {

// The reason a password is refused, or "" when it is accepted.
std::string refusal(std::string_view password, std::string_view email = "", std::string_view nickname = "",
                    PasswordPolicy policy = {}) {
  try {
    check_password(policy, password, email, nickname);
    return "";
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::invalid_argument);
    CHECK(e.field() == "password");
    if (!password.empty())  // never echoed
      CHECK(std::string(e.what()).find(std::string(password)) == std::string::npos);
    return e.what();
  }
}

std::string repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

TEST_CASE("password length is counted in code points, 15 to 128 by default") {
  CHECK(refusal("correct horse battery staple") == "");
  CHECK(refusal("fourteen chars") == "password must be at least 15 characters");  // 14
  CHECK(refusal("fifteen chars!!") == "");
  CHECK(refusal("") == "password must be at least 15 characters");
  // Cyrillic letters take two bytes each but count once.
  CHECK(refusal(repeat("ж", 14)) == "password must be at least 15 characters");
  CHECK(refusal(repeat("ж", 15)) == "");
  // Emoji take four bytes each.
  CHECK(count_code_points("🏃🚴🏊") == 3);
  CHECK(refusal(repeat("🏃", 15)) == "");
  CHECK(refusal(repeat("x", 128)) == "");  // never truncated, accepted whole
  CHECK(refusal(repeat("x", 129)) == "password must be at most 128 characters");
  CHECK(refusal(repeat("ж", 128)) == "");  // 256 bytes, 128 characters
}

TEST_CASE("no composition rules: lower-case words and spaces are fine") {
  CHECK(refusal("the quick brown fox jumps") == "");
  CHECK(refusal("ALLCAPSNODIGITSATALL") == "");
  CHECK(refusal("    spaces count too   ") == "");
  CHECK(refusal(std::string("nul\0inside is a byte", 20)) == "");
}

TEST_CASE("the policy's bounds are kept within NIST's") {
  PasswordPolicy lax{.min_length = 4, .max_length = 10};
  CHECK(refusal("short7!", "", "", lax) == "password must be at least 8 characters");  // 8 is the floor
  CHECK(refusal("eight8!!", "", "", lax) == "");
  CHECK(refusal(repeat("y", 64), "", "", lax) == "");  // at least 64 always accepted
  CHECK(refusal(repeat("y", 65), "", "", lax) == "password must be at most 64 characters");
  PasswordPolicy huge{.min_length = 15, .max_length = 100000};
  CHECK(refusal(repeat("y", 129), "", "", huge) == "password must be at most 128 characters");
  PasswordPolicy strict{.min_length = 20, .max_length = 128};
  CHECK(refusal(repeat("y", 19), "", "", strict) == "password must be at least 20 characters");
}

TEST_CASE("common passwords are refused whatever their case") {
  CHECK(is_common_password("123456"));
  CHECK(is_common_password("password1"));
  CHECK(is_common_password("PassWord1"));
  CHECK(is_common_password("baseball"));
  CHECK_FALSE(is_common_password(""));
  CHECK_FALSE(is_common_password("correct horse battery staple"));
  CHECK_FALSE(is_common_password("# The 3,000 most common passwords, most common first."));  // a comment
  PasswordPolicy eight{.min_length = 8};
  CHECK(refusal("password1", "", "", eight) == "password is too common");
  CHECK(refusal("BASEBALL", "", "", eight) == "password is too common");
  CHECK(refusal("baseball and more", "", "", eight) == "");
}

TEST_CASE("a password must not contain the email address or the nickname") {
  const std::string email = "John.Smith@Example.com";
  CHECK(refusal("my john.smith@example.com key", email) == "password must not contain your email address");
  CHECK(refusal("xxJOHN.SMITHxxyyzz", email) == "password must not contain your email address");
  CHECK(refusal("john smith is a runner", email) == "");
  // A local part under 4 characters is too short to matter.
  CHECK(refusal("bob is my favourite uncle", "bob@example.com") == "");
  CHECK(refusal("bob@example.com is my mail", "bob@example.com") ==
        "password must not contain your email address");
  CHECK(refusal("i am the runner of the year", email, "Runner") == "password must not contain your nickname");
  CHECK(refusal("i am the RUNNER of the year", email, "runner") == "password must not contain your nickname");
  CHECK(refusal("just joking around here", email, "jo") == "");  // nicknames under 3 ignored
  CHECK(refusal("the quick brown fox jumps", "", "") == "");
}

TEST_CASE("malformed UTF-8 is refused") {
  for (std::string bad : {"\xff" "aaaaaaaaaaaaaaaaaaaa",               // never valid
                          "aaaaaaaaaaaaaaaaaaaa\xc0\xaf",              // overlong '/'
                          "aaaaaaaaaaaaaaaaaaaa\xed\xa0\x80",          // a surrogate
                          "aaaaaaaaaaaaaaaaaaaa\xe2\x82",              // truncated sequence
                          "aaaaaaaaaaaaaaaaaaaa\xf4\x90\x80\x80",      // past U+10FFFF
                          "aaaaaaaaaaaaaaaaaaaa\x80",                  // stray continuation
                          "aaaaaaaaaaaaaaaaaaaa\xe2\x28\xa1"}) {       // broken continuation
    CAPTURE(bad.size());
    CHECK(refusal(bad) == "password is not valid UTF-8 text");
    CHECK_THROWS_AS(count_code_points(bad), Error);
  }
  CHECK(count_code_points("\xf4\x8f\xbf\xbf") == 1);  // U+10FFFF itself is fine
  CHECK(count_code_points("") == 0);
}

TEST_CASE("the policy judges the NFKC form, the one that is hashed") {
  // Longer after normalization: the ligature U+FB01 is the two letters "fi".
  CHECK(refusal(repeat("\ufb01", 7)) == "password must be at least 15 characters");  // 7 typed, 14 in NFKC
  CHECK(refusal(repeat("\ufb01", 7) + "!") == "");                                 // 8 typed, 15 in NFKC
  // Shorter after normalization: "e" + U+0301 composes into the one character "é".
  CHECK(refusal(repeat("e\u0301", 14)) == "password must be at least 15 characters");  // 28 typed, 14
  CHECK(refusal(repeat("e\u0301", 14) + "x") == "");                                // 29 typed, 15
  CHECK(refusal(repeat("\u00e9", 14) + "x") == "");                                 // the same, composed
  // Hangul typed as jamo: three code points for each syllable.
  CHECK(refusal(repeat("\u1112\u1161\u11ab", 14)) == "password must be at least 15 characters");
  CHECK(refusal(repeat("\u1112\u1161\u11ab", 15)) == "");
  // Past the maximum: each U+FDFA is 18 code points in NFKC, so 8 of them are 144.
  CHECK(refusal(repeat("\ufdfa", 7)) == "");  // 126
  CHECK(refusal(repeat("\ufdfa", 8)) == "password must be at most 128 characters");
}

TEST_CASE("full-width and ligature spellings do not escape the blocklist or the personal-data rules") {
  PasswordPolicy eight{.min_length = 8};
  CHECK(refusal("\uff50\uff41\uff53\uff53\uff57\uff4f\uff52\uff44\uff11", "", "", eight) ==
        "password is too common");  // full-width "password1"
  CHECK(refusal("\uff22\uff21\uff33\uff25\uff22\uff21\uff2c\uff2c", "", "", eight) ==
        "password is too common");  // full-width "BASEBALL"
  const std::string email = "John.Smith@Example.com";
  CHECK(refusal("my \uff4a\uff4f\uff48\uff4e\uff0e\uff53\uff4d\uff49\uff54\uff48 key", email) ==
        "password must not contain your email address");  // full-width "john.smith", the local part
  CHECK(refusal("call me \ufb01nnegan, the runner", email, "Finnegan") ==
        "password must not contain your nickname");
  CHECK(refusal("call me finnegan, the runner", email, "\ufb01nnegan") ==
        "password must not contain your nickname");
  CHECK(refusal("call me \uff26\uff29\uff2e\uff2e the runner", email, "finn") ==
        "password must not contain your nickname");
}

TEST_CASE("code points Unicode has not assigned are refused; NUL is still a character") {
  const std::string why = refusal("a long enough password \u0378");
  CHECK(why.rfind("password contains a character that Unicode ", 0) == 0);
  const char with_nul[] = "caf\u00e9\0 au lait, no sugar";
  CHECK(refusal(std::string(with_nul, sizeof with_nul - 1)) == "");
  CHECK(refusal(std::string("\0", 1) + repeat("\ufb01", 7)) == "");  // 15 in NFKC, NUL included
  CHECK(refusal(std::string("\0", 1) + repeat("\ufb01", 6) + "!") ==
        "password must be at least 15 characters");  // 14 in NFKC
}
