// The time port: the system clock in production, a settable one in tests.
#pragma once

#include <atomic>
#include <cstdint>

namespace fitkit {

class Clock {
 public:
  virtual ~Clock() = default;
  // UTC milliseconds since the Unix epoch.
  virtual std::int64_t now_ms() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::int64_t now_ms() const override;
};

// A clock that only moves when told to.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::int64_t start_ms = 1767225600000) : now_(start_ms) {}  // 2026-01-01
  std::int64_t now_ms() const override { return now_.load(); }
  void set(std::int64_t ms) { now_.store(ms); }
  void advance(std::int64_t ms) { now_.fetch_add(ms); }

 private:
  std::atomic<std::int64_t> now_;
};

inline constexpr std::int64_t kSecondMs = 1000;
inline constexpr std::int64_t kMinuteMs = 60 * kSecondMs;
inline constexpr std::int64_t kHourMs = 60 * kMinuteMs;
inline constexpr std::int64_t kDayMs = 24 * kHourMs;

}  // namespace fitkit
