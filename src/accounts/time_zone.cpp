#include "accounts/time_zone.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <chrono>
#include <cstdio>
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

// Without date::format: its ostream costs more than the rest of a totals row.
std::string format_day(std::int64_t days_since_epoch) {
  const date::year_month_day ymd{date::sys_days(date::days(days_since_epoch))};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return text;
}

std::string local_date(std::int64_t at_ms, std::string_view time_zone) {
  const auto at = date::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(at_ms));
  auto day = date::floor<date::days>(at).time_since_epoch().count();
  try {
    const auto local = date::locate_zone(time_zone)->to_local(at);
    day = date::floor<date::days>(local).time_since_epoch().count();
  } catch (const std::exception&) {
    // an unknown zone, or no tz database: the UTC day
  }
  return format_day(day);
}

std::string local_time(std::int64_t at_ms, std::string_view time_zone) {
  const auto at = date::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(at_ms));
  auto minutes = date::floor<std::chrono::minutes>(at).time_since_epoch();
  try {
    minutes = date::floor<std::chrono::minutes>(date::locate_zone(time_zone)->to_local(at)).time_since_epoch();
  } catch (const std::exception&) {
    // an unknown zone, or no tz database: UTC
  }
  const auto days = date::floor<date::days>(minutes);
  const auto of_day = (minutes - days).count();
  char hm[8];
  std::snprintf(hm, sizeof hm, "%02d:%02d", static_cast<int>(of_day / 60), static_cast<int>(of_day % 60));
  return format_day(days.count()) + " " + hm;
}

}  // namespace fitkit::accounts
