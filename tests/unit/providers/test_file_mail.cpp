#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <vector>

#include "core/crypto.hpp"
#include "fitkit/error.hpp"
#include "fitkit/providers.hpp"
#include "support/read_eml.hpp"
#include "support/temp_dir.hpp"

using namespace fitkit;
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) out.push_back(entry.path());
  return out;
}

MailMessage russian_welcome() {
  return {"fitkit <no-reply@localhost>", "Иван Петров <ivan@example.ru>", "Добро пожаловать в fitkit, Иван!",
          "Здравствуйте, Иван!\n\nПодтвердите адрес: https://fitkit.local/verify?token=abc=def\nСпасибо.\n",
          "verify-email:usr_42"};
}

}  // namespace

TEST_CASE("the file mail sender writes one parseable .eml per idempotency key") {
  test::TempDir tmp;
  const auto dir = tmp / "outbox/mail";  // created on first send
  auto sender = make_file_mail_sender(dir);
  const auto m = russian_welcome();
  sender->send(m);

  const auto files = files_in(dir);
  REQUIRE(files.size() == 1);
  // The key holds ':' so the name is its hash.
  CHECK(files[0].filename() == crypto::sha256_hex(m.idempotency_key) + ".eml");

  const auto parsed = test::read_eml(files[0]);
  CAPTURE(parsed.dump());
  CHECK(parsed["defects"].empty());
  CHECK(parsed["headers"]["Subject"][0] == m.subject);
  CHECK(parsed["headers"]["From"][0] == m.from);
  CHECK(parsed["headers"]["To"][0] == m.to);
  CHECK(parsed["headers"]["MIME-Version"][0] == "1.0");
  CHECK(parsed["headers"]["Message-ID"][0] ==
        "<" + crypto::sha256_hex(m.idempotency_key).substr(0, 32) + "@fitkit.local>");
  CHECK(parsed["content_type"] == "text/plain");
  CHECK(parsed["charset"] == "utf-8");
  CHECK(parsed["body"] == m.text);
  CHECK(!parsed["date"].is_null());
  CHECK(parsed["longest_line"] <= 78);
  CHECK(parsed["bare_lf"] == false);

  SUBCASE("sending the same message again leaves the one file as it was") {
    const auto before = test::read_text_file(files[0]);
    sender->send(m);
    make_file_mail_sender(dir)->send(m);
    CHECK(files_in(dir).size() == 1);
    CHECK(test::read_text_file(files[0]) == before);
  }
  SUBCASE("another key is another file, named by the key when it is a safe name") {
    auto other = m;
    other.idempotency_key = "reset-password.usr_42-1";
    sender->send(other);
    CHECK(files_in(dir).size() == 2);
    CHECK(fs::exists(dir / "reset-password.usr_42-1.eml"));
  }
  SUBCASE("a key cannot lead outside the folder") {
    auto other = m;
    other.idempotency_key = "../../escape";
    sender->send(other);
    CHECK(files_in(dir).size() == 2);
    CHECK(fs::exists(dir / (crypto::sha256_hex("../../escape") + ".eml")));
    CHECK_FALSE(fs::exists(tmp / "escape.eml"));
  }
}

TEST_CASE("the file mail sender refuses bad messages before writing anything") {
  test::TempDir tmp;
  auto sender = make_file_mail_sender(tmp.path());
  auto m = russian_welcome();
  m.subject = "Hello\r\nBcc: victim@example.org";
  CHECK_THROWS_AS(sender->send(m), Error);
  try {
    sender->send(m);
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::invalid_argument);
    CHECK(e.field() == "subject");
  }
  CHECK(files_in(tmp.path()).empty());
}

TEST_CASE("the file mail sender reports a folder it cannot create as unavailable") {
  test::TempDir tmp;
  std::ofstream(tmp / "not-a-folder") << "x";
  auto sender = make_file_mail_sender(tmp / "not-a-folder/mail");
  try {
    sender->send(russian_welcome());
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::unavailable);
  }
}
