// Times in text: RFC 3339 UTC for APIs.
#pragma once

#include <cstdint>
#include <string>

namespace fitkit {

// "2026-01-02T03:04:05.678Z"
std::string format_utc(std::int64_t epoch_ms);
// "2026-01-02", the UTC date
std::string format_date(std::int64_t epoch_ms);

}  // namespace fitkit
