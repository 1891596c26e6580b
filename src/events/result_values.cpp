#include "events/result_values.hpp"

#include <array>
#include <cstdio>
#include <utility>

#include "formats/iof_xml.hpp"

namespace fitkit::events {
namespace {

constexpr std::string_view kNotTime = "is not a time (H:MM:SS, MM:SS, seconds or PT1H2M3S)";
constexpr std::string_view kNotDistance = "is not a distance in metres (such as 42195 or 42.195)";

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// 1 to 9 digits, all of `s`: a value that no sum below can overflow.
std::optional<std::int64_t> digits(std::string_view s) {
  if (s.empty() || s.size() > 9) return std::nullopt;
  std::int64_t v = 0;
  for (char c : s) {
    if (!is_digit(c)) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

// A decimal fraction's digits as thousandths, the digits past the third cut: "5" is 500.
std::optional<std::int64_t> thousandths(std::string_view s) {
  if (!digits(s)) return std::nullopt;
  std::int64_t v = 0;
  for (std::size_t i = 0; i < 3; ++i) v = v * 10 + (i < s.size() ? s[i] - '0' : 0);
  return v;
}

// "12", "12.5" or "12,5" times 1000.
std::optional<std::int64_t> decimal_thousandths(std::string_view s) {
  const auto point = s.find_first_of(".,");
  const auto whole = digits(s.substr(0, point));
  if (!whole) return std::nullopt;
  if (point == std::string_view::npos) return *whole * 1000;
  const auto fraction = thousandths(s.substr(point + 1));
  if (!fraction) return std::nullopt;
  return *whole * 1000 + *fraction;
}

std::optional<std::int64_t> colon_time_ms(std::string_view s, std::string& problem) {
  std::array<std::string_view, 3> parts;
  std::size_t n = 0;
  for (std::size_t from = 0;;) {
    if (n == parts.size()) return std::nullopt;
    const auto colon = s.find(':', from);
    parts[n++] = s.substr(from, colon == std::string_view::npos ? std::string_view::npos : colon - from);
    if (colon == std::string_view::npos) break;
    from = colon + 1;
  }
  if (n < 2) return std::nullopt;
  const auto last = decimal_thousandths(parts[n - 1]);
  const auto first = digits(parts[0]);
  if (!last || !first || parts[n - 1].substr(0, parts[n - 1].find_first_of(".,")).size() > 2) return std::nullopt;
  std::int64_t ms = *first * (n == 3 ? 3'600'000 : 60'000);
  if (n == 3) {
    const auto minutes = parts[1].size() <= 2 ? digits(parts[1]) : std::nullopt;
    if (!minutes) return std::nullopt;
    if (*minutes >= 60) return problem = "has minutes of 60 or more", std::nullopt;
    ms += *minutes * 60'000;
  }
  if (*last >= 60'000) return problem = "has seconds of 60 or more", std::nullopt;
  return ms + *last;
}

// ISO 8601 durations of days, hours, minutes and seconds: P1D, PT1H2M3.5S, P1DT30M.
std::optional<std::int64_t> iso_time_ms(std::string_view s) {
  auto upper = [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; };
  std::size_t at = 1;  // past the P
  bool in_time = false, any = false;
  std::string_view units = "D";  // the units still allowed, in order
  std::int64_t ms = 0;
  while (at < s.size()) {
    if (upper(s[at]) == 'T') {
      if (in_time) return std::nullopt;
      in_time = true;
      units = "HMS";
      ++at;
      if (at == s.size()) return std::nullopt;  // "PT" alone
      continue;
    }
    std::size_t end = at;
    while (end < s.size() && (is_digit(s[end]) || s[end] == '.' || s[end] == ',')) ++end;
    if (end == at || end == s.size()) return std::nullopt;
    const auto unit = units.find(upper(s[end]));
    if (unit == std::string_view::npos) return std::nullopt;
    const char u = units[unit];
    const auto value = u == 'S' ? decimal_thousandths(s.substr(at, end - at)) : digits(s.substr(at, end - at));
    if (!value) return std::nullopt;
    const std::int64_t scale = u == 'D' ? 86'400'000 : u == 'H' ? 3'600'000 : u == 'M' ? 60'000 : 1;
    ms += *value * scale;
    if (ms > kMaxResultTimeMs) return ms;  // more than 7 days already: no overflow further on
    units.remove_prefix(unit + 1);
    any = true;
    at = end + 1;
  }
  return any ? std::optional<std::int64_t>(ms) : std::nullopt;
}

std::optional<std::int64_t> time_ms(std::string_view s, std::string& problem) {
  if (s.empty()) return std::nullopt;
  if (s[0] == 'P' || s[0] == 'p') return iso_time_ms(s);
  if (s.find(':') != std::string_view::npos) return colon_time_ms(s, problem);
  return decimal_thousandths(s);
}

// Lower-case ASCII letters and digits of `text`, spaces, '_' and '-' left out: "Did not finish"
// is "didnotfinish". Empty for text longer than a status could be, or not ASCII.
std::string_view folded(std::string_view text, std::array<char, 32>& buffer) {
  std::size_t n = 0;
  for (char c : text) {
    if (c == ' ' || c == '_' || c == '-') continue;
    if (n == buffer.size() || static_cast<unsigned char>(c) >= 0x80) return "?";
    buffer[n++] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return {buffer.data(), n};
}

bool same_folded(std::string_view folded_text, std::string_view name) {
  std::array<char, 32> buffer;
  return folded(name, buffer) == folded_text;
}

template <std::size_t N>
std::optional<std::string_view> look_up(const std::array<std::pair<std::string_view, std::string_view>, N>& table,
                                        std::string_view key) {
  for (const auto& [from, to] : table)
    if (from == key) return to;
  return std::nullopt;
}

}  // namespace

std::optional<std::int64_t> read_time_ms(std::string_view text, std::string& problem) {
  const bool negative = !text.empty() && text[0] == '-';
  std::string detail;
  const auto ms = time_ms(negative ? text.substr(1) : text, detail);
  if (!ms) return problem = detail.empty() ? std::string(kNotTime) : detail, std::nullopt;
  if (negative && *ms != 0) return problem = "is negative", std::nullopt;
  if (*ms > kMaxResultTimeMs) return problem = "is more than 7 days", std::nullopt;
  return ms;
}

std::optional<std::int64_t> read_distance_mm(std::string_view metres, std::string& problem) {
  const bool negative = !metres.empty() && metres[0] == '-';
  const auto mm = decimal_thousandths(negative ? metres.substr(1) : metres);
  if (!mm) return problem = std::string(kNotDistance), std::nullopt;
  if (negative && *mm != 0) return problem = "is negative", std::nullopt;
  return mm;
}

std::optional<std::int64_t> read_whole(std::string_view text, std::int64_t least, std::string& problem) {
  const bool negative = !text.empty() && text[0] == '-';
  if (negative) text.remove_prefix(1);
  if (text.size() > 1 && text.back() == '.') text.remove_suffix(1);  // "3." for third
  const auto v = digits(text);
  if (!v) return problem = "is not a whole number", std::nullopt;
  if (negative && *v != 0) return problem = "is negative", std::nullopt;
  if (*v < least) return problem = "is below " + std::to_string(least), std::nullopt;
  return v;
}

std::optional<std::string_view> result_status_of(std::string_view text) noexcept {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 11> kAbbreviations{{
      {"", "OK"}, {"dns", "DidNotStart"}, {"dnf", "DidNotFinish"}, {"dsq", "Disqualified"},
      {"dq", "Disqualified"}, {"mp", "MissingPunch"}, {"ot", "OverTime"}, {"nc", "NotCompeting"},
      {"sw", "SportingWithdrawal"}, {"dne", "DidNotEnter"}, {"canceled", "Cancelled"},
  }};
  std::array<char, 32> buffer;
  const auto key = folded(text, buffer);
  for (const auto status : formats::iof::result_statuses())
    if (same_folded(key, status)) return status;
  return look_up(kAbbreviations, key);
}

std::optional<std::string_view> gender_of(std::string_view text) noexcept {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kGenders{{
      {"f", "female"}, {"w", "female"}, {"female", "female"}, {"woman", "female"}, {"women", "female"},
      {"m", "male"}, {"male", "male"}, {"man", "male"}, {"men", "male"},
      {"x", "other"}, {"d", "other"}, {"o", "other"}, {"other", "other"}, {"diverse", "other"},
      {"nonbinary", "other"}, {"nb", "other"},
  }};
  std::array<char, 32> buffer;
  return look_up(kGenders, folded(text, buffer));
}

std::string format_time_ms(std::int64_t ms) {
  const bool negative = ms < 0;
  const std::uint64_t a = negative ? 0 - static_cast<std::uint64_t>(ms) : static_cast<std::uint64_t>(ms);
  char out[48];
  const auto tenths = a % 1000 / 100;
  std::snprintf(out, sizeof out, "%s%llu:%02llu:%02llu", negative ? "-" : "",
                static_cast<unsigned long long>(a / 3'600'000), static_cast<unsigned long long>(a / 60'000 % 60),
                static_cast<unsigned long long>(a / 1000 % 60));
  std::string text(out);
  if (tenths != 0) text += "." + std::to_string(tenths);
  return text;
}

std::string value_text(const std::optional<std::int64_t>& value, std::string_view result_kind) {
  if (!value) return "";
  if (result_kind == "time") return format_time_ms(*value);
  if (result_kind != "distance") return std::to_string(*value);
  std::string out = std::to_string(*value / 1000);
  if (const auto mm = *value % 1000; mm != 0) {
    auto decimals = std::to_string(1000 + mm).substr(1);
    decimals.erase(decimals.find_last_not_of('0') + 1);
    out += "." + decimals;
  }
  return out;
}

std::string shown(std::string_view s, std::size_t max_chars) {
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size();) {
    if (chars == max_chars) return out + "\u2026";
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    std::uint32_t cp = len == 1 ? c : len == 2 ? c & 0x1Fu : len == 3 ? c & 0x0Fu : c & 0x07u;
    for (std::size_t k = 1; k < len; ++k) {
      if (i + k >= s.size() || (static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) {
        len = 0;
        break;
      }
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
    }
    const bool overlong = (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (len == 0 || overlong || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
      out += "\uFFFD";
      ++i;
    } else {
      if (cp < 0x20 || cp == 0x7F) out += ' ';
      else out.append(s.substr(i, len));
      i += len;
    }
    ++chars;
  }
  return out;
}

}  // namespace fitkit::events
