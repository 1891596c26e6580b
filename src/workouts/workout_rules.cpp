#include "workouts/workout_rules.hpp"

#include <chrono>
#include <cmath>
#include <exception>

#include <date/date.h>
#include <date/tz.h>

#include "accounts/time_zone.hpp"
#include "fitkit/clock.hpp"
#include "fitkit/error.hpp"
#include "workouts/workout_store.hpp"
#include "workouts/workouts_policy.hpp"

namespace fitkit::workouts {
namespace {

constexpr std::int64_t kEarliestStart = -2208988800000;  // 1900-01-01: older records are typos

struct Bounds {
  std::string_view field;
  double low, high;
  std::string_view unit;
};
// Generous bounds: past them a value is a mistake (a typo, a unit mix-up), not a feat.
constexpr Bounds kBounds[] = {
    {"elapsed_s", 0, 30 * 86400.0, "seconds"}, {"moving_s", 0, 30 * 86400.0, "seconds"},
    {"distance_m", 0, 10'000'000, "metres"},   {"ascent_m", 0, 100'000, "metres"},
    {"descent_m", 0, 100'000, "metres"},       {"calories", 0, 100'000, "kcal"},
    {"avg_hr", 20, 260, "beats per minute"},   {"max_hr", 20, 260, "beats per minute"},
    {"avg_cadence", 0, 300, "per minute"},     {"max_cadence", 0, 300, "per minute"},
    {"avg_power", 0, 3000, "watts"},           {"max_power", 0, 5000, "watts"},
    {"max_speed", 0, 150, "metres per second"},
};

// Text arrives as UTF-8 (the front-ends check it); here its length and control characters.
void check_text(const std::string& text, std::size_t max_bytes, const char* field, bool multiline) {
  if (text.size() > max_bytes)
    throw Error::invalid(field, std::string(field) + " must be at most " + std::to_string(max_bytes) + " bytes");
  for (unsigned char ch : text)
    if ((ch < 0x20 && !(multiline && (ch == '\n' || ch == '\t' || ch == '\r'))) || ch == 0x7f)
      throw Error::invalid(field, std::string(field) + " has control characters");
}

std::string number_text(double v) {
  auto s = std::to_string(v);
  s.erase(s.find_last_not_of('0') + 1);
  if (s.back() == '.') s.pop_back();
  return s;
}

void check_bounds(std::string_view field, double v) {
  for (const auto& b : kBounds) {
    if (b.field != field) continue;
    if (!std::isfinite(v) || v < b.low || v > b.high)
      throw Error::invalid(std::string(field), std::string(field) + " must be between " + number_text(b.low) +
                                                   " and " + number_text(b.high) + " " + std::string(b.unit));
  }
}

}  // namespace

const Sport& require_sport(std::string_view id, std::string_view field) {
  const Sport* sport = find_sport(id);
  if (!sport)
    throw Error::invalid(std::string(field), "unknown sport '" + std::string(id.substr(0, 40)) +
                                                 "'; `fitctl workouts sports` lists them");
  return *sport;
}

void require_visibility(std::string_view visibility, std::string_view field) {
  if (!policy::parse_visibility(visibility))
    throw Error::invalid(std::string(field), std::string(field) + " must be everyone, friends or only_me");
}

void apply_fields(Workout& w, const WorkoutFields& f, std::int64_t now_ms) {
  if (f.sport) w.sport = require_sport(*f.sport).id;
  if (f.title) {
    check_text(*f.title, kMaxTitleBytes, "title", false);
    if (f.title->empty()) throw Error::invalid("title", "title cannot be empty");
    w.title = *f.title;
  }
  if (f.notes) {
    check_text(*f.notes, kMaxNotesBytes, "notes", true);
    w.notes = f.notes->empty() ? std::nullopt : f.notes;
  }
  if (f.time_zone) {
    if (!accounts::is_valid_time_zone(*f.time_zone))
      throw Error::invalid("time_zone", "time_zone must be an IANA zone such as Europe/Berlin");
    w.time_zone = *f.time_zone;
  }
  if (f.visibility) {
    require_visibility(*f.visibility);
    w.visibility = *f.visibility;
  }
  if (f.start_at) {
    if (*f.start_at < kEarliestStart || *f.start_at > now_ms + kDayMs)
      throw Error::invalid("start_at", "start_at must be after 1900 and not in the future");
    w.start_at = *f.start_at;
  }
  for (const auto& field : kNumberFields) {
    if (!field.input || !(f.*field.input)) continue;
    check_bounds(field.column, *(f.*field.input));
    w.*field.value = f.*field.input;
  }
  if (f.effort) {
    if (*f.effort < 1 || *f.effort > 10) throw Error::invalid("effort", "effort must be between 1 and 10");
    w.effort = f.effort;
  }
  if (w.moving_s && w.elapsed_s && *w.moving_s > *w.elapsed_s + 1)
    throw Error::invalid("moving_s", "moving_s cannot be longer than elapsed_s");
  if (w.avg_hr && w.max_hr && *w.avg_hr > *w.max_hr)
    throw Error::invalid("avg_hr", "avg_hr cannot be above max_hr");
}

std::int64_t day_number(std::string_view day) {
  auto field = [&](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = 0; i < n; ++i) v = v * 10 + (day[at + i] - '0');
    return v;
  };
  const std::chrono::year_month_day ymd{std::chrono::year(field(0, 4)),
                                        std::chrono::month(static_cast<unsigned>(field(5, 2))),
                                        std::chrono::day(static_cast<unsigned>(field(8, 2)))};
  return std::chrono::sys_days(ymd).time_since_epoch().count();
}

std::string day_text(std::int64_t number) {
  return accounts::format_day(number);
}

std::string default_title(const Sport& sport, std::int64_t start_at, const std::string& time_zone) {
  const auto at = date::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(start_at));
  long hour = 12;
  try {
    const auto local = date::make_zoned(time_zone, at).get_local_time();
    hour = date::make_time(local - date::floor<date::days>(local)).hours().count();
  } catch (const std::exception&) {
    hour = date::make_time(at - date::floor<date::days>(at)).hours().count();
  }
  const char* part = hour < 5 ? "Night" : hour < 12 ? "Morning" : hour < 17 ? "Afternoon" : hour < 21 ? "Evening"
                                                                                                     : "Night";
  std::string name(sport.name);
  if (!name.empty()) name[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[0])));
  if (name.starts_with("hIIT")) name = "HIIT";
  return std::string(part) + " " + name;
}

}  // namespace fitkit::workouts
