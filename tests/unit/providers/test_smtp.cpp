// The SMTP sender against a real SMTP server (aiosmtpd) started on a free port of 127.0.0.1.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/crypto.hpp"
#include "fitkit/error.hpp"
#include "fitkit/providers.hpp"
#include "support/process.hpp"
#include "support/read_eml.hpp"
#include "support/temp_dir.hpp"

using namespace fitkit;
namespace fs = std::filesystem;

namespace {

struct SinkOptions {
  bool tls = false;
  std::string user;  // AUTH required when set
  std::string password;
};

SinkOptions with_tls(std::string user = {}, std::string password = {}) { return {true, user, password}; }
SinkOptions with_auth(std::string user, std::string password) { return {false, user, password}; }

SmtpOptions smtp(std::string url, bool require_tls = false, bool verify_peer = true) {
  SmtpOptions o;
  o.url = std::move(url);
  o.require_tls = require_tls;
  o.verify_peer = verify_peer;
  return o;
}

// A running smtp_sink.py; stopped and reaped by its destructor, whatever the test did.
class SmtpSink {
 public:
  explicit SmtpSink(SinkOptions options = {}) : port_(test::free_tcp_port()) {
    std::vector<std::string> argv = {"/usr/bin/python3", test::support_script("smtp_sink.py")};
    argv.insert(argv.end(), {"--port", std::to_string(port_), "--maildir", maildir().string()});
    if (options.tls) {
      const auto key = (dir_ / "key.pem").string(), cert = (dir_ / "cert.pem").string();
      REQUIRE(test::run_command({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj",
                                 "/CN=localhost", "-days", "1", "-keyout", key, "-out", cert}) == 0);
      argv.insert(argv.end(), {"--tls-cert", cert, "--tls-key", key});
    }
    if (!options.user.empty())
      argv.insert(argv.end(), {"--auth-user", options.user, "--auth-password", options.password});
    const auto log = (dir_ / "sink.log").string();
    process_.emplace(argv, test::ProcessOptions{.env = {}, .stdout_path = {}, .stderr_path = log});
    try {
      process_->wait_for_port(port_);
    } catch (const std::exception& e) {
      throw std::runtime_error(std::string(e.what()) + "\n" + test::read_text_file(log));
    }
  }

  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  fs::path maildir() const { return dir_ / "maildir"; }

  std::vector<fs::path> messages() const {
    std::vector<fs::path> out;
    if (!fs::exists(maildir())) return out;
    for (const auto& entry : fs::directory_iterator(maildir()))
      if (entry.path().extension() == ".eml") out.push_back(entry.path());
    return out;
  }

 private:
  test::TempDir dir_{"fitkit-smtp"};
  int port_;
  std::optional<test::ChildProcess> process_;  // declared last: stopped before the folder goes
};

MailMessage weekly_summary() {
  return {"fitkit <no-reply@localhost>", "Мария <maria@example.ru>",
          "Ваша недельная сводка: 5 тренировок, 42 км и новый личный рекорд на дистанции 10 км",
          "Мария, привет!\n\nНа этой неделе: 5 тренировок.\n.\nWeekly summary = done.\n",
          "weekly:usr_9:2026-W01"};
}

// The error the send throws, or nullopt.
std::optional<Error> send_error(MailSender& sender, const MailMessage& m) {
  try {
    sender.send(m);
  } catch (const Error& e) {
    return e;
  }
  return std::nullopt;
}

nlohmann::json only_message(const SmtpSink& sink) {
  const auto files = sink.messages();
  REQUIRE(files.size() == 1);
  return test::read_eml(files[0]);
}

void check_delivered(const nlohmann::json& got, const MailMessage& m) {
  CAPTURE(got.dump());
  CHECK(got["headers"]["X-Sink-Mail-From"][0] == "no-reply@localhost");
  CHECK(got["headers"]["X-Sink-Rcpt-To"].size() == 1);
  CHECK(got["headers"]["X-Sink-Rcpt-To"][0] == "maria@example.ru");
  CHECK(got["headers"]["Subject"][0] == m.subject);
  CHECK(got["headers"]["From"][0] == m.from);
  CHECK(got["headers"]["To"][0] == m.to);
  CHECK(got["headers"]["Message-ID"][0] ==
        "<" + crypto::sha256_hex(m.idempotency_key).substr(0, 32) + "@fitkit.local>");
  CHECK(got["body"] == m.text);
  CHECK(got["defects"].empty());
}

}  // namespace

TEST_CASE("SMTP delivers to a plain server with the right envelope and headers") {
  SmtpSink sink;
  const auto m = weekly_summary();
  make_smtp_mail_sender(smtp(sink.url()))->send(m);
  const auto got = only_message(sink);
  check_delivered(got, m);
  CHECK(got["headers"]["X-Sink-TLS"][0] == "no");
  CHECK(got["headers"]["X-Sink-Auth"][0] == "none");
}

TEST_CASE("SMTP uses STARTTLS when the server offers it") {
  SmtpSink sink(with_tls());
  const auto m = weekly_summary();
  SUBCASE("required") { make_smtp_mail_sender(smtp(sink.url(), true, false))->send(m); }
  SUBCASE("opportunistic") { make_smtp_mail_sender(smtp(sink.url(), false, false))->send(m); }
  const auto got = only_message(sink);
  check_delivered(got, m);
  CHECK(got["headers"]["X-Sink-TLS"][0] == "yes");
}

TEST_CASE("SMTP refuses to send in clear when TLS is required or the certificate is not trusted") {
  SUBCASE("no STARTTLS offered") {
    SmtpSink sink;
    const auto e = send_error(*make_smtp_mail_sender(smtp(sink.url(), true)), weekly_summary());
    REQUIRE(e);
    CHECK(e->code() == ErrorCode::unavailable);
    CHECK(sink.messages().empty());
  }
  SUBCASE("a self-signed certificate with verify_peer") {
    SmtpSink sink(with_tls());
    const auto e = send_error(*make_smtp_mail_sender(smtp(sink.url(), true)), weekly_summary());
    REQUIRE(e);
    CHECK(e->code() == ErrorCode::unavailable);
    CHECK(sink.messages().empty());
  }
}

TEST_CASE("SMTP authenticates with the configured user") {
  const std::string password = "s3cret-Пароль";
  SUBCASE("over STARTTLS") {
    SmtpSink sink(with_tls("mailer", password));
    auto options = smtp(sink.url(), true, false);
    options.username = "mailer";
    options.password = password;
    make_smtp_mail_sender(options)->send(weekly_summary());
    const auto got = only_message(sink);
    check_delivered(got, weekly_summary());
    CHECK(got["headers"]["X-Sink-Auth"][0] == "mailer");
    CHECK(got["headers"]["X-Sink-TLS"][0] == "yes");

    options.password = "wrong-password";
    const auto e = send_error(*make_smtp_mail_sender(options), weekly_summary());
    REQUIRE(e);
    CHECK(e->code() == ErrorCode::unavailable);
    CHECK(std::string(e->what()).find("wrong-password") == std::string::npos);
    CHECK(sink.messages().size() == 1);

    options.username.clear();  // the server requires AUTH
    const auto anonymous = send_error(*make_smtp_mail_sender(options), weekly_summary());
    REQUIRE(anonymous);
    CHECK(anonymous->code() == ErrorCode::unavailable);
    CHECK(sink.messages().size() == 1);
  }
  SUBCASE("over plain TCP") {
    SmtpSink sink(with_auth("mailer", password));
    auto options = smtp(sink.url());
    options.username = "mailer";
    options.password = password;
    make_smtp_mail_sender(options)->send(weekly_summary());
    CHECK(only_message(sink)["headers"]["X-Sink-Auth"][0] == "mailer");
  }
}

TEST_CASE("SMTP to a closed port fails fast as unavailable, without the password") {
  const int port = test::free_tcp_port();  // nothing listens there
  const auto started = std::chrono::steady_clock::now();
  auto options = smtp("smtp://mailer:hunter2@127.0.0.1:" + std::to_string(port));
  options.username = "mailer";
  options.password = "hunter3";
  const auto e = send_error(*make_smtp_mail_sender(options), weekly_summary());
  REQUIRE(e);
  CHECK(e->code() == ErrorCode::unavailable);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(3));
  const std::string message = e->what();
  CHECK(message.find("127.0.0.1:" + std::to_string(port)) != std::string::npos);
  CHECK(message.find("hunter") == std::string::npos);
}

TEST_CASE("SMTP refuses a bad message before connecting") {
  auto m = weekly_summary();
  m.to = "maria@example.ru\r\nRCPT TO:<victim@example.org>";
  const auto e = send_error(*make_smtp_mail_sender(smtp("smtp://127.0.0.1:9")), m);
  REQUIRE(e);
  CHECK(e->code() == ErrorCode::invalid_argument);
  CHECK(e->field() == "to");
}

TEST_CASE("SMTP options are checked when the sender is made") {
  for (const char* url : {"http://127.0.0.1:25", "127.0.0.1:25", ""}) {
    CAPTURE(url);
    try {
      make_smtp_mail_sender(smtp(url));
      FAIL("expected invalid_argument");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::invalid_argument);
      CHECK(e.field() == "url");
    }
  }
  auto options = smtp("smtps://127.0.0.1:465");
  options.timeout_ms = 0;
  CHECK_THROWS_AS(make_smtp_mail_sender(options), Error);
}
