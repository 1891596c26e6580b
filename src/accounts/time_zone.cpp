#include "accounts/time_zone.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <chrono>
#include <exception>

namespace fitkit::accounts {
namespace {

// Zone names are short paths of letters, digits and "_+-"; anything else (dots, backslashes,
// control characters) is refused before the tz database is asked.
bool plausible_zone_name(std::string_view name) {
  if (name.empty() || name.size() > 64 || name.front() == '/' || name.back() == '/') return false;
  if (name.find("//") != std::string_view::npos) return false;
  for (char c : name) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' ||
                    c == '_' || c == '+' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool parse_digits(std::string_view s, int& out) {
  out = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

}  // namespace

bool is_valid_time_zone(std::string_view name) {
  if (!plausible_zone_name(name)) return false;
  try {
    return date::locate_zone(name) != nullptr;
  } catch (const std::exception&) {
    return false;  // unknown zone, or no readable tz database
  }
}

bool is_valid_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  int y = 0, m = 0, d = 0;
  if (!parse_digits(s.substr(0, 4), y) || !parse_digits(s.substr(5, 2), m) || !parse_digits(s.substr(8, 2), d))
    return false;
  if (y < 1) return false;
  const date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(m)},
                                 date::day{static_cast<unsigned>(d)}};
  return ymd.ok();
}

std::string local_date(std::int64_t at_ms, std::string_view time_zone) {
  const auto at = date::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(at_ms));
  try {
    const auto local = date::make_zoned(std::string(time_zone), at).get_local_time();
    return date::format("%F", date::floor<date::days>(local));
  } catch (const std::exception&) {
    return date::format("%F", date::floor<date::days>(at));
  }
}

}  // namespace fitkit::accounts
