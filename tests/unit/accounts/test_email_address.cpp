#include <doctest/doctest.h>

#include <string>

#include "accounts/email_address.hpp"
#include "fitkit/error.hpp"

using namespace fitkit;
using namespace fitkit::accounts;

namespace {

// The reason an address is refused, or "" when accepted.
std::string refusal(std::string_view address) {
  try {
    normalize_email(address);
    return "";
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::invalid_argument);
    CHECK(e.field() == "email");
    return e.what();
  }
}

}  // namespace

TEST_CASE("good addresses are trimmed and lower-cased") {
  CHECK(normalize_email("User@Example.COM") == "user@example.com");
  CHECK(normalize_email("  a@b.co \t\r\n") == "a@b.co");
  CHECK(normalize_email("first.last+tag@sub.domain.org") == "first.last+tag@sub.domain.org");
  CHECK(normalize_email("o'brien@example.ie") == "o'brien@example.ie");
  CHECK(normalize_email("x_y-z@my-host.example.travel") == "x_y-z@my-host.example.travel");
  CHECK(normalize_email("123@456.example.com") == "123@456.example.com");
  CHECK(normalize_email("a!#$%&*/=?^`{|}~@b.com") == "a!#$%&*/=?^`{|}~@b.com");
  CHECK(normalize_email("user@xn--80ak6aa92e.com") == "user@xn--80ak6aa92e.com");  // punycode label
}

TEST_CASE("length limits: 64 before the @, 63 per label, 254 in all") {
  const std::string local64(64, 'a');
  CHECK(refusal(local64 + "@example.com") == "");
  CHECK(refusal(std::string(65, 'a') + "@example.com") != "");
  CHECK(refusal("a@" + std::string(63, 'b') + ".com") == "");
  CHECK(refusal("a@" + std::string(64, 'b') + ".com") ==
        "each part of the email domain must have 1 to 63 characters");
  // 64 + 1 + (63 + 1 + 63 + 1 + 61) = 254
  const std::string domain189 = std::string(63, 'b') + "." + std::string(63, 'c') + "." + std::string(61, 'd');
  CHECK(refusal(local64 + "@" + domain189) == "");
  CHECK(refusal(local64 + "@" + domain189 + "d") == "email address is longer than 254 characters");
}

TEST_CASE("bad addresses are refused with a reason") {
  CHECK(refusal("") == "email address is required");
  CHECK(refusal("   ") == "email address is required");
  CHECK(refusal("plain") == "email address needs an @");
  CHECK(refusal("a@@b.com") == "email address must contain exactly one @");
  CHECK(refusal("a@b@c.com") == "email address must contain exactly one @");
  CHECK(refusal("@b.com") == "email address needs a name before the @");
  CHECK(refusal("a@") == "email address needs a domain after the @");
  CHECK(refusal("a@localhost") == "the domain of the email address needs a dot");
  CHECK(refusal("юзер@пример.рф") ==
        "email address must use ASCII characters only (internationalized addresses are not supported)");
  CHECK(refusal("a@b.c0m") == "the email domain must end in a top-level domain of letters");
  CHECK(refusal("a@b.123") == "the email domain must end in a top-level domain of letters");
  for (const char* bad : {".a@b.com", "a.@b.com", "a..b@c.com", "a@-b.com", "a@b-.com", "a@b..com", "a@.b.com",
                          "a@b.com.", "a@b_c.com", "a b@c.com", "a\"b@c.com", "\"a\"@b.com", "(comment)a@b.com",
                          "a@[127.0.0.1]", "a@b.com>", "<a@b.com>", "a,b@c.com", "a;b@c.com", "a\\b@c.com",
                          "a@b.xn--p1ai", "a@b.com/x", "a@b:25.com"}) {
    CAPTURE(bad);
    CHECK(refusal(bad) != "");
  }
}

TEST_CASE("injection-looking strings are refused") {
  CHECK(refusal("a@b.com\r\nBcc: x@y.z") == "email address must not contain spaces or control characters");
  CHECK(refusal("a@b.com\nBcc:x@y.z") == "email address must not contain spaces or control characters");
  CHECK(refusal("'; DROP TABLE users;--@x.com") ==
        "email address must not contain spaces or control characters");
  CHECK(refusal("';DROP_TABLE_users;--@x.com") ==
        "email address contains a character not allowed before the @");
  CHECK(refusal(std::string("a@b.com\0evil.com", 16)) ==
        "email address must not contain spaces or control characters");
  CHECK(refusal("<script>alert(1)</script>@x.com") != "");
  CHECK(refusal("a@b.com%0d%0abcc:x@y.z") != "");
  CHECK(refusal("a\x7f@b.com") == "email address must not contain spaces or control characters");
}
