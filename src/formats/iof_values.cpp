#include "formats/iof_values.hpp"

#include <charconv>
#include <climits>

#include "formats/xml_stream.hpp"
#include "formats/xml_values.hpp"

namespace fitkit::formats::iof {

namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// What may follow an xsd:date or xsd:time: nothing, "Z" or an offset "+hh:mm" / "-hh:mm" up
// to 14:00.
bool is_time_zone(std::string_view text) noexcept {
  if (text.empty() || text == "Z") return true;
  if (text.size() != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':') return false;
  for (std::size_t i : {1, 2, 4, 5})
    if (!is_digit(text[i])) return false;
  const int minutes = ((text[1] - '0') * 10 + (text[2] - '0')) * 60 + (text[4] - '0') * 10 + (text[5] - '0');
  return text[4] <= '5' && minutes <= 14 * 60;
}

// An xsd:time as IOF writes it: "hh:mm:ss", fractions of a second, a time zone.
bool is_clock_time(std::string_view text) noexcept {
  if (text.size() < 8 || text[2] != ':' || text[5] != ':') return false;
  std::size_t zone = 8;
  if (zone < text.size() && text[zone] == '.') {
    ++zone;
    if (zone == text.size() || !is_digit(text[zone])) return false;
    while (zone < text.size() && is_digit(text[zone])) ++zone;
  }
  return is_time_zone(text.substr(zone));
}

// `text` (trimmed) as UTC epoch milliseconds when it is an xsd:dateTime within the years IOF
// files hold.
std::optional<std::int64_t> date_time_value(std::string_view text) {
  if (text.size() < 19 || text[10] != 'T' || !is_iso_date(text.substr(0, 10)) || !is_clock_time(text.substr(11)))
    return std::nullopt;
  const auto value = parse_xml_time(text);
  if (!value || *value < kMinTimeMs || *value > kMaxTimeMs) return std::nullopt;
  return value;
}

}  // namespace

bool is_iso_date(std::string_view text) noexcept {
  return text.size() == 10 && parse_xml_time(std::string(text) += "T00:00:00Z").has_value();
}

std::optional<double> read_seconds_field(std::string_view what, std::string_view text) {
  const auto value = read_number_field(what, text);
  if (value && *value < 0)
    refuse_xml(std::string(what) + " \"" + shorten_for_message(trim_xml_space(text)) + "\" is negative");
  return value;
}

std::optional<int> read_integer_field(std::string_view what, std::string_view text, int min) {
  auto trimmed = trim_xml_space(text);
  if (trimmed.empty()) return std::nullopt;
  std::string_view digits = trimmed;
  if (digits.front() == '+') digits.remove_prefix(1);  // xsd:integer allows a sign
  long long value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || value < min ||
      value > INT_MAX)
    refuse_xml(std::string(what) + " \"" + shorten_for_message(trimmed) + "\" is not a whole number from " +
               std::to_string(min));
  return static_cast<int>(value);
}

std::optional<std::string> read_date_field(std::string_view what, std::string_view text) {
  const auto trimmed = trim_xml_space(text);
  if (trimmed.empty()) return std::nullopt;
  if (trimmed.size() < 10 || !is_iso_date(trimmed.substr(0, 10)) || !is_time_zone(trimmed.substr(10)))
    refuse_xml(std::string(what) + " \"" + shorten_for_message(trimmed) + "\" is not a date (like 2011-07-30)");
  return std::string(trimmed.substr(0, 10));
}

std::optional<std::int64_t> read_date_time_field(std::string_view what, std::string_view text) {
  const auto trimmed = trim_xml_space(text);
  if (trimmed.empty()) return std::nullopt;
  if (auto value = date_time_value(trimmed)) return value;
  refuse_xml(std::string(what) + " \"" + shorten_for_message(trimmed) +
             "\" is not a date and time (like 2011-07-30T10:00:00+01:00)");
}

std::int64_t read_date_and_time(std::string_view date, std::string_view time) {
  const auto t = trim_xml_space(time);
  if (auto value = date_time_value((std::string(date) += 'T') += t)) return *value;
  refuse_xml("start time \"" + shorten_for_message(t) + "\" is not a time of day (like 10:00:00+01:00)");
}

}  // namespace fitkit::formats::iof
