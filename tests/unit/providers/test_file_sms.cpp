#include <doctest/doctest.h>

#include <filesystem>
#include <vector>

#include "core/crypto.hpp"
#include "fitkit/error.hpp"
#include "fitkit/providers.hpp"
#include "support/read_eml.hpp"
#include "support/temp_dir.hpp"

using namespace fitkit;
namespace fs = std::filesystem;

namespace {

std::size_t count_files(const fs::path& dir) {
  if (!fs::exists(dir)) return 0;
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) ++n;
  return n;
}

void check_invalid(SmsSender& sender, const SmsMessage& m, const std::string& field) {
  try {
    sender.send(m);
    FAIL("expected invalid_argument for " << m.to);
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::invalid_argument);
    CHECK(e.field() == field);
  }
}

}  // namespace

TEST_CASE("the file SMS sender writes one file per idempotency key") {
  test::TempDir tmp;
  const auto dir = tmp / "sms";
  auto sender = make_file_sms_sender(dir);
  const SmsMessage m{"+79161234567", "Ваш код fitkit: 482913", "login-code.usr_7"};
  sender->send(m);
  REQUIRE(count_files(dir) == 1);
  const auto text = test::read_text_file(dir / "login-code.usr_7.txt");
  CHECK(text == "To: +79161234567\nIdempotency-Key: login-code.usr_7\n\nВаш код fitkit: 482913\n");

  sender->send(m);  // a retry
  CHECK(count_files(dir) == 1);

  sender->send({"+15551234567", "Your code: 1", "code/usr 8"});
  CHECK(count_files(dir) == 2);
  CHECK(fs::exists(dir / (crypto::sha256_hex("code/usr 8") + ".txt")));
}

TEST_CASE("the file SMS sender accepts only E.164 numbers") {
  test::TempDir tmp;
  auto sender = make_file_sms_sender(tmp.path());
  for (const char* to : {"15551234567", "+1555123", "+1234567890123456", "+1 555 123 4567", "+0123456789",
                         "+7916abc4567", "", "+"})
    check_invalid(*sender, {to, "hi", "k"}, "phone");
  sender->send({"+12345678", "shortest", "k8"});
  sender->send({"+123456789012345", "longest", "k15"});
  CHECK(count_files(tmp.path()) == 2);

  check_invalid(*sender, {"+15551234567", "hi", ""}, "idempotency_key");
  check_invalid(*sender, {"+15551234567", "hi", "a\nb"}, "idempotency_key");
  check_invalid(*sender, {"+15551234567", "", "k"}, "text");
  CHECK(count_files(tmp.path()) == 2);
}
