// The durable outbox: delivered once, retried with back-off, safe when a dispatcher dies.
#include "unit/fixture.hpp"

using namespace fitkit;
using namespace fitkit::test;

namespace {
// One query on a connection of its own, released before the platform needs it again.
std::optional<std::string> sql_text(TestPlatform& t, const char* sql) {
  return t.platform->database().acquire()->query_text(sql);
}
std::int64_t sql_i64(TestPlatform& t, const char* sql) {
  return *t.platform->database().acquire()->query_i64(sql);
}
}  // namespace

TEST_CASE("a message is delivered once and its content does not stay in the outbox") {
  TestPlatform t;
  t.call("auth.register", Actor::anonymous(), {{"email", "ann@example.com"}, {"password", kPassword}});
  CHECK(t.platform->outbox().pending_count() == 1);
  auto report = t.platform->outbox().deliver_due(10);
  CHECK(report.delivered == 1);
  CHECK(t.platform->outbox().deliver_due(10).delivered == 0);
  CHECK(sql_text(t, "SELECT status FROM outbox") == "delivered");
  CHECK(sql_text(t, "SELECT payload FROM outbox") == "{}");
  CHECK(t.take_mail("ann@example.com").size() == 1);
}

TEST_CASE("a dispatcher that dies mid-delivery loses nothing; its claim expires and the message goes once") {
  TestPlatform t;
  t.call("auth.register", Actor::anonymous(), {{"email", "ann@example.com"}, {"password", kPassword}});
  // As if another dispatcher had claimed the row and crashed before recording the outcome.
  t.platform->database().acquire()->exec("UPDATE outbox SET claimed_until = ?", {t.clock->now_ms() + 2 * kMinuteMs});
  CHECK(t.platform->outbox().deliver_due(10).delivered == 0);
  t.clock->advance(2 * kMinuteMs);
  CHECK(t.platform->outbox().deliver_due(10).delivered == 1);
  CHECK(t.take_mail("ann@example.com").size() == 1);
}

TEST_CASE("a failing provider is retried with growing back-off, then given up") {
  PlatformOptions options;
  SmtpOptions smtp;
  smtp.url = "smtp://127.0.0.1:9";  // discard port: nothing listens, the connection is refused
  smtp.timeout_ms = 2000;
  options.mail = make_smtp_mail_sender(smtp);
  TestPlatform t(options);
  t.call("auth.register", Actor::anonymous(), {{"email", "ann@example.com"}, {"password", kPassword}});
  auto first = t.platform->outbox().deliver_due(10);
  CHECK(first.retried == 1);
  auto due1 = sql_i64(t, "SELECT due_at FROM outbox");
  CHECK(due1 > t.clock->now_ms());
  CHECK(t.platform->outbox().deliver_due(10).retried == 0);  // not due yet
  t.clock->set(due1);
  CHECK(t.platform->outbox().deliver_due(10).retried == 1);
  auto due2 = sql_i64(t, "SELECT due_at FROM outbox");
  CHECK(due2 - t.clock->now_ms() == 60 * kSecondMs);  // 30 s after the first failure, 60 s after the second
  DeliveryReport last;
  for (int i = 0; i < 10; ++i) {
    t.clock->advance(2 * kHourMs);
    last = t.platform->outbox().deliver_due(10);
    if (last.failed) break;
  }
  CHECK(last.failed == 1);
  CHECK(sql_text(t, "SELECT status FROM outbox") == "failed");
  CHECK(sql_text(t, "SELECT last_error FROM outbox")->find("127.0.0.1") != std::string::npos);
  CHECK(t.platform->outbox().pending_count() == 0);
}
