// The durable outbox: messages written in the same transaction as the change
// that caused them, delivered later through the mail and SMS ports.
#pragma once

#include <cstdint>
#include <string>

namespace fitkit {

struct DeliveryReport {
  int delivered = 0;
  int retried = 0;  // failed this time, due again after a back-off
  int failed = 0;   // gave up after the last attempt
};

class Outbox {
 public:
  virtual ~Outbox() = default;
  // Delivers up to `max_messages` due messages, each claimed so that two
  // dispatchers never deliver one twice, with back-off between attempts.
  virtual DeliveryReport deliver_due(int max_messages = 100) = 0;
  // Messages not yet delivered (pending or being retried).
  virtual std::int64_t pending_count() = 0;
};

}  // namespace fitkit
