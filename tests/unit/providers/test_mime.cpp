#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/crypto.hpp"
#include "fitkit/error.hpp"
#include "providers/mail/mime.hpp"

using namespace fitkit;

namespace {

constexpr std::int64_t kNewYear2026 = 1767225600000;  // Thu, 01 Jan 2026 00:00:00 UTC

MailMessage sample() {
  return {"fitkit <no-reply@localhost>", "ivan@example.org", "Welcome", "Hello!\n", "welcome-usr_1"};
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto end = s.find("\r\n", start);
    if (end == std::string::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, end - start));
    start = end + 2;
  }
}

// RFC 2045 decoding, written independently of the encoder.
std::string qp_decode(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '=') {
      out += s[i];
    } else if (s.compare(i + 1, 2, "\r\n") == 0) {
      i += 2;  // soft line break
    } else {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    }
  }
  return out;
}

// Unfolds a header value and decodes its "=?UTF-8?B?...?=" words (whitespace between words vanishes).
std::string decode_words(const std::string& folded) {
  std::string unfolded;
  for (std::size_t i = 0; i < folded.size(); ++i) {
    if (folded.compare(i, 2, "\r\n") == 0) {
      ++i;
      continue;
    }
    unfolded += folded[i];
  }
  if (unfolded.rfind("=?", 0) != 0) return unfolded;
  std::string out;
  std::size_t pos = 0;
  while ((pos = unfolded.find("=?UTF-8?B?", pos)) != std::string::npos) {
    const auto end = unfolded.find("?=", pos + 10);
    REQUIRE(end != std::string::npos);
    const auto bytes = crypto::base64_decode(unfolded.substr(pos + 10, end - pos - 10));
    REQUIRE(bytes);
    CHECK(providers::is_valid_utf8(*bytes));  // no character split across words
    out += *bytes;
    pos = end + 2;
  }
  return out;
}

ErrorCode code_of(const MailMessage& m, std::string* field = nullptr) {
  try {
    format_rfc5322(m, kNewYear2026);
  } catch (const Error& e) {
    if (field) *field = e.field();
    return e.code();
  }
  FAIL("no error thrown");
  return ErrorCode::internal;
}

}  // namespace

TEST_CASE("address_of takes the addr-spec of a mailbox") {
  CHECK(address_of("fitkit <no-reply@localhost>") == "no-reply@localhost");
  CHECK(address_of("  ivan@example.org ") == "ivan@example.org");
  CHECK(address_of("\"Doe, John\" <john@example.org>") == "john@example.org");
  CHECK(address_of("Иван Петров < ivan@example.ru >") == "ivan@example.ru");
  CHECK(address_of("broken <ivan@example.org").empty());
}

TEST_CASE("quoted-printable follows RFC 2045") {
  CHECK(providers::quoted_printable("plain text") == "plain text");
  CHECK(providers::quoted_printable("a=b") == "a=3Db");
  CHECK(providers::quoted_printable("Привет, мир") ==
        "=D0=9F=D1=80=D0=B8=D0=B2=D0=B5=D1=82, =D0=BC=D0=B8=D1=80");
  // Whitespace at the end of a line would be stripped in transit: encode it.
  CHECK(providers::quoted_printable("end \nx\t") == "end=20\r\nx=09");
  // Every line break becomes CRLF.
  CHECK(providers::quoted_printable("a\nb\r\nc\rd") == "a\r\nb\r\nc\r\nd");
  CHECK(providers::quoted_printable("one\n.\ntwo") == "one\r\n=2E\r\ntwo");

  SUBCASE("long lines get soft breaks, never splitting an escape") {
    std::string text;
    for (int i = 0; i < 40; ++i) text += "Тренировка ";  // Cyrillic: every letter is two escapes
    text += "\n" + std::string(200, 'x') + "=";
    const auto qp = providers::quoted_printable(text);
    for (const auto& line : lines_of(qp)) {
      CHECK(line.size() <= 76);
      const auto eq = line.rfind('=');
      if (eq != std::string::npos) CHECK((eq + 1 == line.size() || eq + 3 <= line.size()));
    }
    CHECK(qp_decode(qp) == [&] {
      std::string crlf = text;
      crlf.replace(crlf.find('\n'), 1, "\r\n");
      return crlf;
    }());
  }
}

TEST_CASE("header text is kept when plain ASCII, else encoded as RFC 2047 words") {
  CHECK(providers::encode_header_text("Welcome to fitkit", 9) == "Welcome to fitkit");
  CHECK(providers::encode_header_text("Привет", 9) == "=?UTF-8?B?0J/RgNC40LLQtdGC?=");
  // Text that looks like an encoded-word is encoded so that it reads back as typed.
  CHECK(decode_words(providers::encode_header_text("=?UTF-8?B?eA==?=", 9)) == "=?UTF-8?B?eA==?=");

  SUBCASE("a long ASCII subject is folded at spaces") {
    std::string subject;
    for (int i = 0; i < 20; ++i) subject += "weekly summary ";
    const auto folded = providers::encode_header_text(subject, 9);
    CHECK(folded.find("\r\n ") != std::string::npos);
    CHECK(decode_words(folded) == subject);
    for (const auto& line : lines_of("Subject: " + folded)) CHECK(line.size() <= 78);
  }

  SUBCASE("a long Cyrillic subject becomes several words of whole characters") {
    const std::string subject =
        "Ваша недельная сводка тренировок: 5 пробежек, 42 километра и новый личный рекорд на 10 км 🏃";
    const auto folded = providers::encode_header_text(subject, 9);
    const auto lines = lines_of("Subject: " + folded);
    CHECK(lines.size() > 2);
    for (const auto& line : lines) {
      CHECK(line.size() <= 76);
      const auto word = line.substr(line.find("=?"));
      CHECK(word.size() <= 75);
      CHECK(word.rfind("=?UTF-8?B?", 0) == 0);
    }
    CHECK(decode_words(folded) == subject);
  }
}

TEST_CASE("dates are RFC 5322 in UTC") {
  CHECK(providers::rfc5322_date(kNewYear2026) == "Thu, 01 Jan 2026 00:00:00 +0000");
  CHECK(providers::rfc5322_date(1709251199999) == "Thu, 29 Feb 2024 23:59:59 +0000");
}

TEST_CASE("format_rfc5322 builds a complete message") {
  auto m = sample();
  m.subject = "Добро пожаловать в fitkit";
  m.text = "Здравствуйте, Иван!\nВаш код: 123456\n";
  const auto eml = format_rfc5322(m, kNewYear2026);
  const auto head_end = eml.find("\r\n\r\n");
  REQUIRE(head_end != std::string::npos);
  const auto head = eml.substr(0, head_end + 2);
  CHECK(head.find("From: fitkit <no-reply@localhost>\r\n") == 0);
  CHECK(head.find("\r\nTo: ivan@example.org\r\n") != std::string::npos);
  CHECK(head.find("\r\nDate: Thu, 01 Jan 2026 00:00:00 +0000\r\n") != std::string::npos);
  const std::string id = crypto::sha256_hex("welcome-usr_1").substr(0, 32);
  CHECK(head.find("\r\nMessage-ID: <" + id + "@fitkit.local>\r\n") != std::string::npos);
  CHECK(head.find("\r\nMIME-Version: 1.0\r\n") != std::string::npos);
  CHECK(head.find("\r\nContent-Type: text/plain; charset=UTF-8\r\n") != std::string::npos);
  CHECK(head.find("\r\nContent-Transfer-Encoding: quoted-printable\r\n") != std::string::npos);
  // The subject runs on over folded lines (those that start with a space).
  const auto subject_at = head.find("\r\nSubject: ") + 11;
  auto subject_end = head.find("\r\n", subject_at);
  while (head.compare(subject_end, 3, "\r\n ") == 0) subject_end = head.find("\r\n", subject_end + 2);
  CHECK(head.compare(subject_at, 10, "=?UTF-8?B?") == 0);
  CHECK(decode_words(head.substr(subject_at, subject_end - subject_at)) == m.subject);
  CHECK(qp_decode(eml.substr(head_end + 4)) == "Здравствуйте, Иван!\r\nВаш код: 123456\r\n");
  // CRLF only, and the message ends with one.
  for (std::size_t i = 0; i < eml.size(); ++i)
    if (eml[i] == '\n') REQUIRE(eml[i - 1] == '\r');
  CHECK(eml.substr(eml.size() - 2) == "\r\n");

  SUBCASE("the Message-ID is derived from the idempotency key") {
    CHECK(format_rfc5322(m, kNewYear2026 + 5000).find(id) != std::string::npos);
    auto other = m;
    other.idempotency_key = "welcome-usr_2";
    CHECK(format_rfc5322(other, kNewYear2026).find(id) == std::string::npos);
  }
  SUBCASE("a display name that is not ASCII is encoded") {
    m.from = "Фиткит <no-reply@localhost>";
    const auto with_name = format_rfc5322(m, kNewYear2026);
    CHECK(with_name.find("From: =?UTF-8?B?") == 0);
    CHECK(with_name.find("?= <no-reply@localhost>\r\n") != std::string::npos);
  }
}

TEST_CASE("format_rfc5322 refuses header injection and bad input") {
  std::string field;
  auto m = sample();
  m.subject = "Hi\r\nBcc: victim@example.org";
  CHECK(code_of(m, &field) == ErrorCode::invalid_argument);
  CHECK(field == "subject");
  m = sample();
  m.subject = "Hi\nBcc: victim@example.org";
  CHECK(code_of(m, &field) == ErrorCode::invalid_argument);
  m = sample();
  m.to = "ivan@example.org\r\nBcc: victim@example.org";
  CHECK(code_of(m, &field) == ErrorCode::invalid_argument);
  CHECK(field == "to");
  m = sample();
  m.from = "fitkit <no-reply@localhost>\rBcc: victim@example.org";
  CHECK(code_of(m, &field) == ErrorCode::invalid_argument);
  CHECK(field == "from");
  m = sample();
  m.to = "not an address";
  CHECK(code_of(m, &field) == ErrorCode::invalid_argument);
  CHECK(field == "to");
  m = sample();
  m.to = "a@b.c, victim@example.org";
  CHECK(code_of(m, &field) == ErrorCode::invalid_argument);
  m = sample();
  m.text = "bad \xff\xfe bytes";
  CHECK(code_of(m, &field) == ErrorCode::invalid_argument);
  CHECK(field == "text");
  m = sample();
  m.subject = "\xd0";  // a truncated two-byte character
  CHECK(code_of(m, &field) == ErrorCode::invalid_argument);
  m = sample();
  m.idempotency_key.clear();
  CHECK(code_of(m, &field) == ErrorCode::invalid_argument);
  CHECK(field == "idempotency_key");
}

TEST_CASE("UTF-8 validation rejects overlong forms, surrogates and truncation") {
  CHECK(providers::is_valid_utf8("Привет 🏃 ok"));
  CHECK_FALSE(providers::is_valid_utf8("\xc0\xaf"));          // overlong '/'
  CHECK_FALSE(providers::is_valid_utf8("\xed\xa0\x80"));      // a surrogate
  CHECK_FALSE(providers::is_valid_utf8("\xf4\x90\x80\x80"));  // past U+10FFFF
  CHECK_FALSE(providers::is_valid_utf8("\xe2\x82"));          // truncated
}
