// Phone verification by SMS code: sending, resend delay, attempts, expiry and who may do what.
#include <regex>

#include "unit/fixture.hpp"

using namespace fitkit;
using namespace fitkit::test;

namespace {

constexpr const char* kPhone = "+15551234567";

// Delivers the outbox and returns the texts of the SMS sent to `to`, consuming them.
std::vector<std::string> take_sms(TestPlatform& t, const std::string& to) {
  t.platform->outbox().deliver_due(1000);
  std::vector<std::pair<std::string, std::string>> found;
  if (!std::filesystem::exists(t.dir / "sms")) return {};
  for (const auto& entry : std::filesystem::directory_iterator(t.dir / "sms")) {
    std::ifstream f(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    const std::string text = ss.str();
    if (text.rfind("To: " + to + "\n", 0) != 0) continue;
    found.emplace_back(entry.path().filename().string(), text.substr(text.find("\n\n") + 2));
    std::filesystem::remove(entry.path());
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> out;
  for (auto& [name, body] : found) out.push_back(body);
  return out;
}

std::string sms_code(TestPlatform& t, const std::string& to = kPhone) {
  auto texts = take_sms(t, to);
  REQUIRE(texts.size() == 1);
  static const std::regex re("\\b([0-9]{6})\\b");
  std::smatch m;
  REQUIRE(std::regex_search(texts[0], m, re));
  return m[1];
}

std::string wrong_code(const std::string& code) { return code == "000000" ? "111111" : "000000"; }

template <class F>
Error caught(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  FAIL("the call did not fail");
  return Error::internal("unreachable");
}

std::int64_t count(TestPlatform& t, const std::string& sql) {
  return t.platform->database().acquire()->query_i64(sql).value_or(-1);
}

}  // namespace

TEST_CASE("phone verification: a code by SMS, stored only hashed, confirms the number") {
  TestPlatform t;
  auto ann_id = t.make_user("ann@example.com");
  auto admin = t.make_admin("root@example.com");
  auto ann = t.actor_of(t.login("ann@example.com"));
  auto started = t.call("phone.verify.start", ann, {{"phone", kPhone}});
  CHECK(started["status"] == "sent");
  CHECK(started["phone"] == kPhone);
  CHECK(started["expires_at"] == "2026-01-01T00:10:00.000Z");
  const auto code = sms_code(t);
  CHECK(code.size() == 6);
  // Not in the database in clear: not the verification row, not the audit log.
  auto stored = t.platform->database().acquire()->query_text("SELECT code_hash FROM phone_verifications");
  REQUIRE(stored);
  CHECK(stored->find(code) == std::string::npos);
  CHECK(stored->size() == 64);
  CHECK(t.call("profile.get", ann)["phone"].is_null());

  auto user = t.call("phone.verify.confirm", ann, {{"code", code}});
  CHECK(user["phone"] == kPhone);
  CHECK(t.call("profile.get", ann)["phone"] == kPhone);
  CHECK(t.platform->database().acquire()->query_i64("SELECT phone_verified_at FROM users WHERE phone = ?",
                                                    {kPhone}) == t.clock->now_ms());
  CHECK(count(t, "SELECT COUNT(*) FROM phone_verifications") == 0);
  // Used once: the code does not work again.
  CHECK(error_of([&] { t.call("phone.verify.confirm", ann, {{"code", code}}); }) == ErrorCode::failed_precondition);
  auto audit = t.call("audit.list", admin, {{"user_id", ann_id}});
  CHECK(audit.dump().find(code) == std::string::npos);
  std::vector<std::string> events;
  for (auto& e : audit["items"]) events.push_back(e["event"]);
  CHECK(std::count(events.begin(), events.end(), "phone.verification_started") == 1);
  CHECK(std::count(events.begin(), events.end(), "phone.verified") == 1);
  // The same number again is refused without sending anything.
  t.clock->advance(kMinuteMs);
  CHECK(error_of([&] { t.call("phone.verify.start", ann, {{"phone", kPhone}}); }) == ErrorCode::failed_precondition);
  CHECK(take_sms(t, kPhone).empty());
}

TEST_CASE("the SMS is in the user's language") {
  TestPlatform t;
  t.call("auth.register", Actor::anonymous(),
         {{"email", "ivan@example.com"}, {"password", kPassword}, {"language", "ru"}});
  t.call("auth.verify_email", Actor::anonymous(), {{"token", t.mailed_token("ivan@example.com")}});
  auto ivan = t.actor_of(t.login("ivan@example.com"));
  t.call("phone.verify.start", ivan, {{"phone", "+79161234567"}});
  auto texts = take_sms(t, "+79161234567");
  REQUIRE(texts.size() == 1);
  CHECK(texts[0].find("ваш код fitkit") != std::string::npos);
}

TEST_CASE("numbers that are not E.164 are refused and nothing is sent") {
  TestPlatform t;
  t.make_user("ann@example.com");
  auto ann = t.actor_of(t.login("ann@example.com"));
  for (const char* bad : {"", "15551234567", "+0123456789", "+1234567", "+1234567890123456", "+1 555 123 4567",
                          "+1555123456a", "++15551234567", "+1555-123-4567", "+15551234567\n"}) {
    CAPTURE(bad);
    auto e = caught([&] { t.call("phone.verify.start", ann, {{"phone", bad}}); });
    CHECK(e.code() == ErrorCode::invalid_argument);
    CHECK(e.field() == "phone");
  }
  // The shortest and longest numbers E.164 allows.
  CHECK_NOTHROW(t.call("phone.verify.start", ann, {{"phone", "+12345678"}}));
  t.clock->advance(kMinuteMs);
  CHECK_NOTHROW(t.call("phone.verify.start", ann, {{"phone", "+123456789012345"}}));
  CHECK(count(t, "SELECT COUNT(*) FROM outbox WHERE channel = 'sms'") == 2);
}

TEST_CASE("another code within the resend delay is rate limited, with the time to wait") {
  TestPlatform t;
  t.make_user("ann@example.com");
  auto ann = t.actor_of(t.login("ann@example.com"));
  t.call("phone.verify.start", ann, {{"phone", kPhone}});
  const auto first = sms_code(t);
  auto e = caught([&] { t.call("phone.verify.start", ann, {{"phone", kPhone}}); });
  CHECK(e.code() == ErrorCode::rate_limited);
  CHECK(e.retry_after_ms() == kMinuteMs);
  // Another number does not escape the delay: it is per user.
  t.clock->advance(40 * kSecondMs);
  e = caught([&] { t.call("phone.verify.start", ann, {{"phone", "+15559876543"}}); });
  CHECK(e.code() == ErrorCode::rate_limited);
  CHECK(e.retry_after_ms() == 20 * kSecondMs);
  CHECK(take_sms(t, kPhone).empty());
  CHECK(take_sms(t, "+15559876543").empty());
  // After the delay a new code replaces the first one.
  t.clock->advance(20 * kSecondMs);
  t.call("phone.verify.start", ann, {{"phone", kPhone}});
  const auto second = sms_code(t);
  if (first != second)
    CHECK(error_of([&] { t.call("phone.verify.confirm", ann, {{"code", first}}); }) == ErrorCode::invalid_argument);
  CHECK(t.call("phone.verify.confirm", ann, {{"code", second}})["phone"] == kPhone);
}

TEST_CASE("the resend delay also holds per number: many accounts cannot flood one phone") {
  TestPlatform t;
  t.make_user("ann@example.com");
  t.make_user("bob@example.com");
  auto ann = t.actor_of(t.login("ann@example.com"));
  auto bob = t.actor_of(t.login("bob@example.com"));
  t.call("phone.verify.start", ann, {{"phone", kPhone}});
  t.clock->advance(10 * kSecondMs);
  auto e = caught([&] { t.call("phone.verify.start", bob, {{"phone", kPhone}}); });
  CHECK(e.code() == ErrorCode::rate_limited);
  CHECK(e.retry_after_ms() == 50 * kSecondMs);
  CHECK_NOTHROW(t.call("phone.verify.start", bob, {{"phone", "+15559876543"}}));  // another number is fine
  CHECK(take_sms(t, kPhone).size() == 1);
  t.clock->advance(kMinuteMs);  // past both Ann's code to the number and Bob's own last code
  CHECK_NOTHROW(t.call("phone.verify.start", bob, {{"phone", kPhone}}));
}

TEST_CASE("five wrong codes void the code; malformed codes are refused without counting") {
  TestPlatform t;
  t.make_user("ann@example.com");
  auto ann = t.actor_of(t.login("ann@example.com"));
  t.call("phone.verify.start", ann, {{"phone", kPhone}});
  const auto code = sms_code(t);
  for (const char* malformed : {"12345", "1234567", "abcdef", "12 456", ""}) {
    CAPTURE(malformed);
    auto e = caught([&] { t.call("phone.verify.confirm", ann, {{"code", malformed}}); });
    CHECK(e.code() == ErrorCode::invalid_argument);
    CHECK(e.field() == "code");
  }
  CHECK(count(t, "SELECT attempts FROM phone_verifications") == 0);
  for (int i = 1; i <= 5; ++i) {
    auto e = caught([&] { t.call("phone.verify.confirm", ann, {{"code", wrong_code(code)}}); });
    CHECK(e.code() == ErrorCode::invalid_argument);
    CHECK(std::string(e.what()).find(code) == std::string::npos);
    if (i == 4) CHECK(std::string(e.what()).find("1 attempt left") != std::string::npos);
  }
  // The right code no longer helps.
  CHECK(error_of([&] { t.call("phone.verify.confirm", ann, {{"code", code}}); }) == ErrorCode::failed_precondition);
  CHECK(t.call("profile.get", ann)["phone"].is_null());
  // Starting again gives a fresh code with fresh attempts.
  t.clock->advance(kMinuteMs);
  t.call("phone.verify.start", ann, {{"phone", kPhone}});
  CHECK(t.call("phone.verify.confirm", ann, {{"code", sms_code(t)}})["phone"] == kPhone);
}

TEST_CASE("a code expires after ten minutes") {
  TestPlatform t;
  t.make_user("ann@example.com");
  auto ann = t.actor_of(t.login("ann@example.com"));
  t.call("phone.verify.start", ann, {{"phone", kPhone}});
  const auto code = sms_code(t);
  t.clock->advance(10 * kMinuteMs);
  CHECK(error_of([&] { t.call("phone.verify.confirm", ann, {{"code", code}}); }) == ErrorCode::failed_precondition);
  CHECK(t.call("profile.get", ann)["phone"].is_null());
}

TEST_CASE("phone operations: a permit/deny table; nobody confirms someone else's code") {
  TestPlatform t;
  t.make_user("ann@example.com");
  t.make_user("bob@example.com");
  auto admin = t.make_admin("root@example.com");
  auto ann = t.actor_of(t.login("ann@example.com"));
  auto bob = t.actor_of(t.login("bob@example.com"));
  const Actor anon = Actor::anonymous();
  t.call("phone.verify.start", ann, {{"phone", kPhone}});
  const auto code = sms_code(t);

  const std::vector<PermitRow> table{
      {"phone.verify.start", {{"phone", "+15550000001"}}, &anon, ErrorCode::unauthenticated},
      {"phone.verify.confirm", {{"code", code}}, &anon, ErrorCode::unauthenticated},
      {"phone.verify.confirm", {{"code", code}}, &bob, ErrorCode::failed_precondition},  // Bob has no code
      {"phone.verify.confirm", {{"code", code}}, &admin, ErrorCode::failed_precondition},
      {"phone.remove", Json::object(), &anon, ErrorCode::unauthenticated},
      {"phone.remove", Json::object(), &ann, ErrorCode::not_found},  // nothing verified yet
      {"phone.verify.confirm", {{"code", code}}, &ann, std::nullopt},
      {"phone.remove", Json::object(), &bob, ErrorCode::not_found},  // Ann's number is not Bob's to remove
      {"phone.verify.start", {{"phone", "+15550000002"}}, &bob, std::nullopt},
  };
  check_permits(t, table);
  CHECK(t.call("profile.get", ann)["phone"] == kPhone);
  CHECK(t.call("profile.get", bob)["phone"].is_null());
  // Removing one's own number.
  CHECK(t.call("phone.remove", ann)["phone"].is_null());
  CHECK(t.call("profile.get", ann)["phone"].is_null());
  CHECK(count(t, "SELECT COUNT(*) FROM users WHERE phone IS NOT NULL OR phone_verified_at IS NOT NULL") == 0);
}
