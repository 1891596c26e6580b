// Ports to the outside world: mail, SMS, blob storage. Each has an embedded
// default that works on one machine with no account anywhere, and a real
// adapter. A failed delivery throws Error(unavailable) so that the outbox retries.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace fitkit {

struct MailMessage {
  std::string from;             // "fitkit <no-reply@localhost>"
  std::string to;               // one address
  std::string subject;          // UTF-8
  std::string text;             // UTF-8 plain-text body
  std::string idempotency_key;  // the same key is the same message: sent once
};

class MailSender {
 public:
  virtual ~MailSender() = default;
  virtual void send(const MailMessage& message) = 0;
};

struct SmsMessage {
  std::string to;  // E.164: "+15551234567"
  std::string text;
  std::string idempotency_key;
};

class SmsSender {
 public:
  virtual ~SmsSender() = default;
  virtual void send(const SmsMessage& message) = 0;
};

// Named byte blobs (avatars, uploaded files).
class BlobStore {
 public:
  virtual ~BlobStore() = default;
  virtual void put(std::string_view key, std::string_view bytes) = 0;
  virtual std::optional<std::string> get(std::string_view key) = 0;
  virtual void remove(std::string_view key) = 0;
};

// Embedded default: one RFC 5322 .eml file per message in `dir`, named by its
// idempotency key, so that delivering twice leaves one file.
std::shared_ptr<MailSender> make_file_mail_sender(std::filesystem::path dir);

struct SmtpOptions {
  std::string url = "smtp://127.0.0.1:25";  // smtp:// (STARTTLS when offered) or smtps://
  std::string username;                      // AUTH when set
  std::string password;
  bool require_tls = false;                  // refuse to send without STARTTLS
  bool verify_peer = true;
  long timeout_ms = 10000;
};
std::shared_ptr<MailSender> make_smtp_mail_sender(SmtpOptions options);

// Embedded default: one file per message in `dir`.
std::shared_ptr<SmsSender> make_file_sms_sender(std::filesystem::path dir);

// Embedded default: files under `dir`; keys may contain '/' but not "..".
std::shared_ptr<BlobStore> make_folder_blob_store(std::filesystem::path dir);

}  // namespace fitkit
