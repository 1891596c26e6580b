// The embedded mail default: a folder of .eml files, one per idempotency key.
#include <sys/stat.h>

#include <chrono>
#include <system_error>
#include <utility>

#include "fitkit/error.hpp"
#include "fitkit/providers.hpp"
#include "providers/local_files.hpp"
#include "providers/mail/mime.hpp"

namespace fitkit {
namespace {

class FileMailSender final : public MailSender {
 public:
  explicit FileMailSender(std::filesystem::path dir) : dir_(std::move(dir)) {}

  void send(const MailMessage& message) override {
    using namespace std::chrono;
    const auto now = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
    const std::string eml = format_rfc5322(message, now);  // validates before touching the disk
    providers::ensure_directory(dir_);
    const auto path = dir_ / (providers::file_name_for_key(message.idempotency_key) + ".eml");
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) return;  // delivered before: the same key is sent once
    // Mail carries sign-in links and codes: readable by the owner only.
    providers::write_file_atomically(path, eml, S_IRUSR | S_IWUSR);
  }

 private:
  std::filesystem::path dir_;
};

}  // namespace

std::shared_ptr<MailSender> make_file_mail_sender(std::filesystem::path dir) {
  return std::make_shared<FileMailSender>(std::move(dir));
}

}  // namespace fitkit
