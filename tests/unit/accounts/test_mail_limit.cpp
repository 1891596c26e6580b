// The cap on mail about an account per address: nobody floods a mailbox through
// the anonymous operations that send it, and the cap tells nothing about the account.
#include <regex>

#include "unit/fixture.hpp"

using namespace fitkit;
using namespace fitkit::test;

namespace {

constexpr int kCap = 5;  // AuthSettings::account_mails_per_hour's default

std::string token_in(const std::string& mail) {
  static const std::regex re("token=([A-Za-z0-9_-]+)");
  std::smatch m;
  REQUIRE(std::regex_search(mail, m, re));
  return m[1];
}

Json request_reset(TestPlatform& t, const std::string& email) {
  return t.call("auth.password_reset.request", Actor::anonymous(), {{"email", email}});
}

}  // namespace

TEST_CASE("password reset: five mails an hour to one address, then the same answer and no mail") {
  TestPlatform t;
  t.make_user("ann@example.com");
  t.clock->advance(kHourMs);  // the registration's mail is in the past window
  t.take_mail("ann@example.com");
  const Json ok = request_reset(t, "ann@example.com");
  for (int i = 1; i < kCap; ++i) request_reset(t, "ann@example.com");
  const auto sent = t.take_mail("ann@example.com");
  REQUIRE(sent.size() == kCap);
  // Past the cap: the same answer, nothing sent, and the last link sent is still the valid one.
  CHECK(request_reset(t, "ann@example.com") == ok);
  CHECK(t.take_mail("ann@example.com").empty());
  CHECK_NOTHROW(t.call("auth.password_reset.confirm", Actor::anonymous(),
                       {{"token", token_in(sent.back())}, {"password", "a brand new passphrase here"}}));
  t.take_mail("ann@example.com");  // the notice that the password changed: not capped, not counted
  // An unknown address answers the same, under the cap or over it.
  for (int i = 0; i <= kCap; ++i) CHECK(request_reset(t, "nobody@example.com") == ok);
  // Each address has its own count, and the window moves on after an hour.
  t.make_user("bob@example.com");
  t.take_mail("bob@example.com");
  request_reset(t, "bob@example.com");
  CHECK(t.take_mail("bob@example.com").size() == 1);
  t.clock->advance(kHourMs);
  request_reset(t, "ann@example.com");
  const auto later = t.take_mail("ann@example.com");
  REQUIRE(later.size() == 1);
  CHECK_FALSE(token_in(later[0]).empty());
}

TEST_CASE("registering a taken address and resending verification are capped the same way") {
  TestPlatform t;
  const Json registration = {{"email", "ann@example.com"}, {"password", kPassword}};
  t.call("auth.register", Actor::anonymous(), registration);  // 1: the verification mail
  for (int i = 1; i < kCap; ++i)
    t.call("auth.verify_email.resend", Actor::anonymous(), {{"email", "ann@example.com"}});
  CHECK(t.take_mail("ann@example.com").size() == kCap);
  t.call("auth.verify_email.resend", Actor::anonymous(), {{"email", "ann@example.com"}});
  t.call("auth.register", Actor::anonymous(), registration);  // "already registered" is capped too
  CHECK(t.take_mail("ann@example.com").empty());
  t.clock->advance(kHourMs);
  t.call("auth.register", Actor::anonymous(), registration);
  const auto mails = t.take_mail("ann@example.com");
  REQUIRE(mails.size() == 1);
  CHECK(mails[0].find("token=") == std::string::npos);  // the "already registered" notice, no link to verify
}

TEST_CASE("email change requests to one address: capped too, and the caller is told") {
  TestPlatform t;
  t.make_user("ann@example.com");
  auto ann = t.actor_of(t.login("ann@example.com"));
  const Json change = {{"password", kPassword}, {"new_email", "victim@example.com"}};
  for (int i = 0; i < kCap; ++i) t.call("auth.email.change", ann, change);
  CHECK(t.take_mail("victim@example.com").size() == kCap);
  CHECK(error_of([&] { t.call("auth.email.change", ann, change); }) == ErrorCode::rate_limited);
  CHECK(t.take_mail("victim@example.com").empty());
}
