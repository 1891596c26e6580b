#include "core/time_format.hpp"

#include <chrono>

#include <fmt/format.h>


namespace fitkit {

std::string format_utc(std::int64_t epoch_ms) {
  using namespace std::chrono;
  const sys_time<milliseconds> tp{milliseconds{epoch_ms}};
  const auto day = floor<days>(tp);
  const year_month_day ymd{day};
  const hh_mm_ss hms{tp - day};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), hms.hours().count(),
                     hms.minutes().count(), hms.seconds().count(), hms.subseconds().count());
}

std::string format_date(std::int64_t epoch_ms) { return format_utc(epoch_ms).substr(0, 10); }

std::optional<std::int64_t> parse_rfc3339(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM), read field by field.
  std::size_t pos = 0;
  auto digits = [&](std::size_t n) -> std::optional<int> {
    if (pos + n > text.size()) return std::nullopt;
    int v = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const char c = text[pos + i];
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + (c - '0');
    }
    pos += n;
    return v;
  };
  auto expect = [&](std::string_view chars) {
    if (pos >= text.size() || chars.find(text[pos]) == std::string_view::npos) return false;
    ++pos;
    return true;
  };
  const auto y = digits(4);
  if (!y || !expect("-")) return std::nullopt;
  const auto mo = digits(2);
  if (!mo || !expect("-")) return std::nullopt;
  const auto d = digits(2);
  if (!d || !expect("Tt")) return std::nullopt;
  const auto h = digits(2);
  if (!h || !expect(":")) return std::nullopt;
  const auto mi = digits(2);
  if (!mi || !expect(":")) return std::nullopt;
  const auto sec = digits(2);
  if (!sec || *h > 23 || *mi > 59 || *sec > 60) return std::nullopt;
  std::int64_t ms = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    const auto start = pos;
    for (int scale = 100; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos, scale /= 10)
      ms += (text[pos] - '0') * scale;
    if (pos == start) return std::nullopt;
  }
  std::int64_t offset_min = 0;
  if (!expect("Zz")) {
    if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) return std::nullopt;
    const int sign = text[pos++] == '-' ? -1 : 1;
    const auto oh = digits(2);
    if (!oh || !expect(":")) return std::nullopt;
    const auto om = digits(2);
    if (!om || *oh > 23 || *om > 59) return std::nullopt;
    offset_min = sign * (*oh * 60 + *om);
  }
  if (pos != text.size()) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year(*y), std::chrono::month(static_cast<unsigned>(*mo)),
                                        std::chrono::day(static_cast<unsigned>(*d))};
  if (!ymd.ok()) return std::nullopt;
  const std::int64_t days = std::chrono::sys_days(ymd).time_since_epoch().count();
  return ((days * 24 + *h) * 60 + *mi - offset_min) * 60'000 + std::int64_t{*sec} * 1000 + ms;
}

}  // namespace fitkit
