// The embedded SMS default: a folder of small text files, one per idempotency key.
#include <sys/stat.h>

#include <system_error>
#include <utility>

#include "fitkit/error.hpp"
#include "fitkit/providers.hpp"
#include "providers/local_files.hpp"

namespace fitkit {
namespace {

// E.164: '+', a country code that does not start with 0, at most 15 digits in all.
bool is_e164(std::string_view to) {
  if (to.size() < 9 || to.size() > 16 || to[0] != '+' || to[1] == '0') return false;
  return to.find_first_not_of("0123456789", 1) == std::string_view::npos;
}

bool has_control(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return true;
  return false;
}

class FileSmsSender final : public SmsSender {
 public:
  explicit FileSmsSender(std::filesystem::path dir) : dir_(std::move(dir)) {}

  void send(const SmsMessage& message) override {
    if (!is_e164(message.to))
      throw Error::invalid("phone", "must be an E.164 number: '+', country code and number, 8 to 15 digits");
    if (message.idempotency_key.empty() || has_control(message.idempotency_key))
      throw Error::invalid("idempotency_key", "must be a non-empty single line");
    if (message.text.empty()) throw Error::invalid("text", "is empty");

    providers::ensure_directory(dir_);
    const auto path = dir_ / (providers::file_name_for_key(message.idempotency_key) + ".txt");
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) return;  // delivered before: the same key is sent once
    std::string body = "To: " + message.to + "\n";
    body += "Idempotency-Key: " + message.idempotency_key + "\n\n";
    body += message.text;
    body += '\n';
    // Texts carry one-time codes: readable by the owner only.
    providers::write_file_atomically(path, body, S_IRUSR | S_IWUSR);
  }

 private:
  std::filesystem::path dir_;
};

}  // namespace

std::shared_ptr<SmsSender> make_file_sms_sender(std::filesystem::path dir) {
  return std::make_shared<FileSmsSender>(std::move(dir));
}

}  // namespace fitkit
