// What every service shares: storage, the clock, ids, providers and secrets.
// Built once by Platform::open; services hold a reference to it.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "fitkit/id.hpp"
#include "fitkit/platform.hpp"
#include "fitkit/pubsub.hpp"
#include "fitkit/storage.hpp"

namespace fitkit {

struct Runtime {
  PlatformOptions options;
  std::shared_ptr<const Clock> clock;
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<IdGenerator> ids;
  std::shared_ptr<MailSender> mail;
  std::shared_ptr<SmsSender> sms;
  std::shared_ptr<BlobStore> blobs;
  std::shared_ptr<PaymentProvider> payments;
  std::string signing_key;  // HMAC key of access tokens
  std::string sealing_key;  // 32-byte AES-256-GCM key for secrets held at rest
  // Live fan-out on the same database, opened on first use (notify::live_pubsub): most
  // processes never publish nor subscribe.
  std::unique_ptr<storage::PubSub> pubsub;
  std::once_flag pubsub_opened;

  std::int64_t now() const { return clock->now_ms(); }
  std::int64_t next_id() { return ids->next(); }
};

}  // namespace fitkit
