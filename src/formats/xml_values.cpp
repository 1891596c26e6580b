#include "formats/xml_values.hpp"

#include <charconv>
#include <cmath>
#include <string>

#include "formats/xml_stream.hpp"

namespace fitkit::formats {

namespace {

bool is_xml_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// Reads exactly `count` digits at `pos`, moving past them.
bool read_digits(std::string_view text, std::size_t& pos, int count, int& out) noexcept {
  if (pos + static_cast<std::size_t>(count) > text.size()) return false;
  int value = 0;
  for (int i = 0; i < count; ++i) {
    const char c = text[pos++];
    if (!is_digit(c)) return false;
    value = value * 10 + (c - '0');
  }
  out = value;
  return true;
}

bool is_leap_year(int y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) noexcept {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap_year(y) ? 29 : kDays[m - 1];
}

// Days from 1970-01-01 to the date in the proleptic Gregorian calendar (H. Hinnant's method).
std::int64_t days_from_civil(int y, int m, int d) noexcept {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

}  // namespace

std::string_view trim_xml_space(std::string_view text) noexcept {
  std::size_t begin = 0, end = text.size();
  while (begin < end && is_xml_space(text[begin])) ++begin;
  while (end > begin && is_xml_space(text[end - 1])) --end;
  return text.substr(begin, end - begin);
}

std::optional<double> parse_xml_number(std::string_view text) noexcept {
  // from_chars takes no '+' and reads "inf" and "nan", which no XML number type allows here.
  if (!text.empty() && text[0] == '+') {
    text.remove_prefix(1);
    if (text.empty() || text[0] == '-') return std::nullopt;
  }
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<std::int64_t> parse_xml_time(std::string_view text) noexcept {
  std::size_t pos = 0;
  int year, month, day, hour, minute, second;
  if (!read_digits(text, pos, 4, year) || pos >= text.size() || text[pos++] != '-' ||
      !read_digits(text, pos, 2, month) || pos >= text.size() || text[pos++] != '-' ||
      !read_digits(text, pos, 2, day))
    return std::nullopt;
  if (pos >= text.size() || (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ')) return std::nullopt;
  ++pos;
  if (!read_digits(text, pos, 2, hour) || pos >= text.size() || text[pos++] != ':' ||
      !read_digits(text, pos, 2, minute) || pos >= text.size() || text[pos++] != ':' ||
      !read_digits(text, pos, 2, second))
    return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 || minute > 59 ||
      second > 60)  // 60: a leap second, which counts into the next minute
    return std::nullopt;

  int millis = 0;
  if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
    ++pos;
    if (pos >= text.size() || !is_digit(text[pos])) return std::nullopt;
    for (int scale = 100; pos < text.size() && is_digit(text[pos]); ++pos, scale /= 10)
      millis += (text[pos] - '0') * scale;  // digits past the millisecond add 0
  }

  int offset_minutes = 0;
  if (pos < text.size()) {
    const char sign = text[pos++];
    if (sign == 'Z' || sign == 'z') {
      // UTC
    } else if (sign == '+' || sign == '-') {
      int off_hours = 0, off_minutes = 0;
      if (!read_digits(text, pos, 2, off_hours)) return std::nullopt;
      if (pos < text.size()) {
        if (text[pos] == ':') ++pos;
        if (!read_digits(text, pos, 2, off_minutes)) return std::nullopt;
      }
      if (off_hours > 23 || off_minutes > 59) return std::nullopt;
      offset_minutes = (off_hours * 60 + off_minutes) * (sign == '-' ? -1 : 1);
    } else {
      return std::nullopt;
    }
  }
  if (pos != text.size()) return std::nullopt;

  const std::int64_t days = days_from_civil(year, month, day);
  const std::int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
  return seconds * 1000 + millis;
}

}  // namespace fitkit::formats

namespace fitkit::formats {

std::optional<double> read_number_field(std::string_view what, std::string_view text) {
  const auto trimmed = trim_xml_space(text);
  if (trimmed.empty()) return std::nullopt;
  if (auto value = parse_xml_number(trimmed)) return value;
  refuse_xml(std::string(what) + " \"" + shorten_for_message(trimmed) + "\" is not a number");
}

std::optional<std::int64_t> read_time_field(std::string_view what, std::string_view text) {
  const auto trimmed = trim_xml_space(text);
  if (trimmed.empty()) return std::nullopt;
  if (auto value = parse_xml_time(trimmed)) return value;
  refuse_xml(std::string(what) + " \"" + shorten_for_message(trimmed) +
             "\" is not an ISO 8601 date and time (like 2024-05-01T07:30:00Z)");
}

double read_coordinate_field(std::string_view what, std::string_view text, double limit) {
  const auto trimmed = trim_xml_space(text);
  if (trimmed.empty()) refuse_xml(std::string(what) + " is empty");
  const auto value = parse_xml_number(trimmed);
  if (!value) refuse_xml(std::string(what) + " \"" + shorten_for_message(trimmed) + "\" is not a number");
  if (*value < -limit || *value > limit) {
    const auto bound = std::to_string(static_cast<int>(limit));
    refuse_xml(std::string(what) + " " + shorten_for_message(trimmed) + " out of range (-" + bound + " to " +
               bound + ")");
  }
  return *value;
}

}  // namespace fitkit::formats
