#include "workouts/training_load.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>

#include "fitkit/error.hpp"

namespace fitkit::workouts {
namespace {

using std::chrono::sys_days;

constexpr double kFitnessDays = 42;
constexpr double kFatigueDays = 7;
constexpr int kMaxDays = 20 * 366;

sys_days parse_day(const std::string& text, const char* field) {
  int y = 0;
  unsigned m = 0, d = 0;
  const char* end = text.data() + text.size();
  const bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-' &&
                      std::from_chars(text.data(), text.data() + 4, y).ptr == text.data() + 4 &&
                      std::from_chars(text.data() + 5, text.data() + 7, m).ptr == text.data() + 7 &&
                      std::from_chars(text.data() + 8, end, d).ptr == end;
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!shaped || !ymd.ok() || y < 1900) throw Error::invalid(field, "'" + text.substr(0, 32) + "' is not a date (YYYY-MM-DD)");
  return sys_days{ymd};
}

std::string format_day(sys_days day) {
  const std::chrono::year_month_day ymd{day};
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return out;
}

void check_heart_rates(double resting, double max) {
  if (!(resting > 0 && resting < max && max <= 250))
    throw Error::invalid("max_heart_rate", "heart rates need 0 < resting < max <= 250 bpm");
}

double banister(double reserve_fraction, TrimpSex sex) {
  const double hrr = std::clamp(reserve_fraction, 0.0, 1.0);
  return sex == TrimpSex::male ? hrr * 0.64 * std::exp(1.92 * hrr) : hrr * 0.86 * std::exp(1.67 * hrr);
}

}  // namespace

std::vector<double> heart_rate_zone_bounds(double resting_bpm, double max_bpm) {
  check_heart_rates(resting_bpm, max_bpm);
  std::vector<double> bounds;
  for (double pct : {0.5, 0.6, 0.7, 0.8, 0.9}) bounds.push_back(resting_bpm + pct * (max_bpm - resting_bpm));
  return bounds;
}

std::vector<double> power_zone_bounds(double ftp_w) {
  if (!(ftp_w > 0 && ftp_w <= 2000)) throw Error::invalid("ftp", "FTP must be between 1 and 2000 W");
  std::vector<double> bounds;
  for (double pct : {0.55, 0.75, 0.90, 1.05, 1.20, 1.50}) bounds.push_back(pct * ftp_w);
  return bounds;
}

std::optional<double> trimp(std::span<const TrackSample> samples, double resting_bpm, double max_bpm, TrimpSex sex) {
  check_heart_rates(resting_bpm, max_bpm);
  double total = 0;
  bool any = false;
  for (std::size_t i = 0; i + 1 < samples.size(); ++i) {
    const auto& hr = samples[i].heart_rate_bpm;
    if (!hr || !std::isfinite(*hr)) continue;
    any = true;
    if (samples[i + 1].starts_segment || samples[i + 1].time_ms <= samples[i].time_ms) continue;
    const double minutes = static_cast<double>(samples[i + 1].time_ms - samples[i].time_ms) / 60000.0;
    total += minutes * banister((*hr - resting_bpm) / (max_bpm - resting_bpm), sex);
  }
  if (!any) return std::nullopt;
  return total;
}

double trimp_from_average(double minutes, double avg_bpm, double resting_bpm, double max_bpm, TrimpSex sex) {
  check_heart_rates(resting_bpm, max_bpm);
  if (!(minutes >= 0)) throw Error::invalid("duration", "a duration cannot be negative");
  return minutes * banister((avg_bpm - resting_bpm) / (max_bpm - resting_bpm), sex);
}

std::vector<FitnessDay> fitness_fatigue_form(std::span<const DailyLoad> loads, const std::string& from,
                                             const std::string& to) {
  const sys_days first = parse_day(from, "from");
  const sys_days last = parse_day(to, "to");
  if (last < first) throw Error::invalid("to", "the range ends before it starts");
  std::map<sys_days, double> per_day;
  for (const DailyLoad& l : loads) {
    const sys_days day = parse_day(l.date, "date");
    if (day <= last) per_day[day] += l.load;
  }
  // Fitness and fatigue build up from the first load, which may lie before the range.
  const sys_days start = per_day.empty() ? first : std::min(first, per_day.begin()->first);
  if ((last - start).count() > kMaxDays) throw Error::invalid("from", "at most 20 years of days at once");
  std::vector<FitnessDay> out;
  out.reserve(static_cast<std::size_t>((last - first).count() + 1));
  double fitness = 0, fatigue = 0;
  for (sys_days day = start; day <= last; day += std::chrono::days{1}) {
    const auto it = per_day.find(day);
    const double load = it == per_day.end() ? 0.0 : it->second;
    const double form = fitness - fatigue;  // as the day begins
    fitness += (load - fitness) / kFitnessDays;
    fatigue += (load - fatigue) / kFatigueDays;
    if (day >= first) out.push_back({format_day(day), load, fitness, fatigue, form});
  }
  return out;
}

}  // namespace fitkit::workouts
