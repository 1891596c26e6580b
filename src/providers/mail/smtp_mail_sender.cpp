// Mail over SMTP with libcurl: STARTTLS when offered (or required), AUTH when a user is set.
#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>
#include <mutex>
#include <utility>

#include <fmt/format.h>

#include "fitkit/error.hpp"
#include "fitkit/providers.hpp"
#include "providers/curl_support.hpp"
#include "providers/mail/mime.hpp"

namespace fitkit {
namespace {

// The server's URL for messages: scheme, host and port, never the user or password it may carry.
std::string server_of(const std::string& url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return url;
  const auto host_start = scheme_end + 3;
  const auto path = url.find('/', host_start);
  const auto at = url.rfind('@', path);
  std::string out = url.substr(0, host_start);
  const auto from = at != std::string::npos && at >= host_start ? at + 1 : host_start;
  out += url.substr(from, path == std::string::npos ? std::string::npos : path - from);
  return out;
}

struct Upload {
  std::string_view rest;
};

size_t read_message(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const size_t n = std::min(size * count, upload->rest.size());
  std::memcpy(buffer, upload->rest.data(), n);
  upload->rest.remove_prefix(n);
  return n;
}

using providers::CurlDeleter;
using providers::init_curl_once;

class SmtpMailSender final : public MailSender {
 public:
  explicit SmtpMailSender(SmtpOptions options)
      : options_(std::move(options)), server_(server_of(options_.url)) {
    if (options_.url.rfind("smtp://", 0) != 0 && options_.url.rfind("smtps://", 0) != 0)
      throw Error::invalid("url", "must start with smtp:// or smtps://");
    if (options_.timeout_ms <= 0) throw Error::invalid("timeout_ms", "must be positive");
    init_curl_once();
  }

  void send(const MailMessage& message) override {
    using namespace std::chrono;
    const auto now = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
    const std::string eml = format_rfc5322(message, now);  // validates the addresses too
    const std::string mail_from = "<" + address_of(message.from) + ">";
    const std::string rcpt = "<" + address_of(message.to) + ">";

    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) throw Error::unavailable("cannot create a libcurl handle");
    std::unique_ptr<curl_slist, CurlDeleter> rcpts(curl_slist_append(nullptr, rcpt.c_str()));
    if (!rcpts) throw Error::unavailable("out of memory for the recipient list");

    Upload upload{eml};
    char error_text[CURL_ERROR_SIZE] = {};
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_text);
    curl_easy_setopt(c, CURLOPT_URL, options_.url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpts.get());
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_message);
    curl_easy_setopt(c, CURLOPT_READDATA, &upload);
    curl_easy_setopt(
        c, CURLOPT_USE_SSL,
        options_.require_tls ? static_cast<long>(CURLUSESSL_ALL) : static_cast<long>(CURLUSESSL_TRY));
    if (!options_.username.empty()) {
      curl_easy_setopt(c, CURLOPT_USERNAME, options_.username.c_str());
      curl_easy_setopt(c, CURLOPT_PASSWORD, options_.password.c_str());
    }
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, options_.verify_peer ? 1L : 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, options_.verify_peer ? 2L : 0L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, options_.timeout_ms);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, options_.timeout_ms);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);

    const CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK) {
      long reply = 0;
      curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
      const std::string detail = error_text[0] ? error_text : curl_easy_strerror(rc);
      const std::string code = std::to_string(reply);
      const bool show_reply = reply >= 400 && detail.find(code) == std::string::npos;
      throw Error::unavailable(fmt::format("cannot deliver mail through {}: {}{}", server_, detail,
                                           show_reply ? " (SMTP reply " + code + ")" : std::string()));
    }
  }

 private:
  SmtpOptions options_;
  std::string server_;
};

}  // namespace

std::shared_ptr<MailSender> make_smtp_mail_sender(SmtpOptions options) {
  return std::make_shared<SmtpMailSender>(std::move(options));
}

}  // namespace fitkit
