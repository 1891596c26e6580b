#include "gear/gear_rules.hpp"

#include <date/date.h>
#include <date/tz.h>
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <exception>

#include "accounts/user_clock.hpp"
#include "accounts/time_zone.hpp"
#include "core/unicode.hpp"
#include "fitkit/error.hpp"

namespace fitkit {

const std::vector<std::string_view>& gear_categories() noexcept {
  static const std::vector<std::string_view> list{"shoes", "clothing",  "accessories", "equipment",
                                                  "bike",  "component", "other"};
  return list;
}

}  // namespace fitkit

namespace fitkit::gear {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string checked_text(std::string_view text, std::size_t max, const char* field, bool lines) {
  const auto t = trim(text);
  if (t.size() > max)
    throw Error::invalid(field, std::string(field) + " must be at most " + std::to_string(max) + " bytes");
  for (unsigned char ch : t) {
    const bool allowed_break = lines && (ch == '\n' || ch == '\t' || ch == '\r');
    if ((ch < 0x20 || ch == 0x7f) && !allowed_break)
      throw Error::invalid(field, std::string(field) + (lines ? " has control characters" : " must be one line"));
  }
  return std::string(t);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

void check_category(std::string_view category, const char* field) {
  const auto& all = gear_categories();
  if (std::find(all.begin(), all.end(), category) != all.end()) return;
  std::string list;
  for (auto c : all) list += (list.empty() ? "" : ", ") + std::string(c);
  throw Error::invalid(field, std::string(field) + " must be one of: " + list);
}

std::string single_line(std::string_view text, std::size_t max, const char* field) {
  return checked_text(text, max, field, false);
}

std::string multi_line(std::string_view text, std::size_t max, const char* field) {
  return checked_text(text, max, field, true);
}

void check_date(std::string_view date, const char* field) {
  if (!accounts::is_valid_date(date) || date < "1900-01-01")
    throw Error::invalid(field, std::string(field) + " must be a date as YYYY-MM-DD");
}

std::string checked_price(std::string_view price) {
  const auto point = price.find('.');
  const auto whole = price.substr(0, point);
  const auto fraction = point == std::string_view::npos ? std::string_view() : price.substr(point + 1);
  const bool ok = !whole.empty() && whole.size() <= 12 && std::all_of(whole.begin(), whole.end(), is_digit) &&
                  (point == std::string_view::npos || (!fraction.empty() && fraction.size() <= 4 &&
                                                       std::all_of(fraction.begin(), fraction.end(), is_digit)));
  if (!ok)
    throw Error::invalid("price", "price must be a decimal amount such as 129.99 (up to 12 digits and 4 decimals)");
  std::string out(whole);
  out.erase(0, std::min(out.find_first_not_of('0'), out.size() - 1));
  if (!fraction.empty()) out += "." + std::string(fraction);
  return out;
}

std::string checked_currency(std::string_view currency) {
  std::string out;
  for (char c : currency) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') break;
    out += c;
  }
  if (out.size() != 3 || currency.size() != 3)
    throw Error::invalid("currency", "currency must be an ISO 4217 code of three letters, such as EUR");
  return out;
}

void check_start_values(const GearFields& f) {
  auto check = [](std::optional<double> v, double max, const char* field) {
    if (v && !(std::isfinite(*v) && *v >= 0 && *v <= max))
      throw Error::invalid(
          field, std::string(field) + " must be between 0 and " + std::to_string(static_cast<long long>(max)));
  };
  check(f.start_distance_m, 1e8, "start_distance_m");  // 100 000 km
  check(f.start_moving_s, 1e8, "start_moving_s");      // over 27 000 hours
  if (f.start_uses && (*f.start_uses < 0 || *f.start_uses > 1000000))
    throw Error::invalid("start_uses", "start_uses must be between 0 and 1000000");
}

std::map<std::string, std::string> checked_custom_fields(const std::map<std::string, std::string>& fields) {
  if (fields.size() > kCustomFieldsMax)
    throw Error::invalid("custom_fields",
                         "custom_fields holds at most " + std::to_string(kCustomFieldsMax) + " fields");
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : fields) {
    if (single_line(key, kCustomKeyMaxBytes, "custom_fields").empty() || key.size() != trim(key).size())
      throw Error::invalid("custom_fields", "custom_fields names must be non-empty, without surrounding spaces");
    out[key] = single_line(value, kCustomValueMaxBytes, "custom_fields");
  }
  return out;
}

std::string utf8_prefix(std::string_view text, std::size_t max) {
  if (text.size() <= max) return std::string(text);
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut));
}

std::string checked_collection_name(std::string_view name, const char* field) {
  auto out = single_line(name, kCollectionNameMaxBytes, field);
  if (out.empty()) throw Error::invalid(field, std::string(field) + " must not be empty");
  return out;
}

void check_counter_name(std::string_view name, const char* field) {
  bool ok = !name.empty() && name.size() <= 32 && name[0] >= 'a' && name[0] <= 'z';
  for (char c : name) ok = ok && ((c >= 'a' && c <= 'z') || is_digit(c) || c == '_');
  if (!ok)
    throw Error::invalid(
        field, std::string(field) + " must be a lower-case name such as washes: letters, digits and _, at most 32");
  if (name == "distance_m" || name == "moving_s" || name == "uses")
    throw Error::invalid(field, std::string(field) + " " + std::string(name) +
                                    " is recorded by workouts; choose another name for a hand-kept counter");
}

void check_limit(const WearLimit& limit) {
  static constexpr std::array<std::string_view, 4> kMetrics{"distance_m", "moving_s", "uses", "counter"};
  if (std::find(kMetrics.begin(), kMetrics.end(), limit.metric) == kMetrics.end())
    throw Error::invalid("metric", "metric must be one of: distance_m, moving_s, uses, counter");
  if (limit.metric == "counter") {
    if (!limit.counter) throw Error::invalid("counter", "a limit on a counter names it: give counter");
    check_counter_name(*limit.counter);
  } else if (limit.counter) {
    throw Error::invalid("counter", "counter goes with metric counter only");
  }
  if (!(std::isfinite(limit.amount) && limit.amount > 0 && limit.amount <= 1e9))
    throw Error::invalid("amount", "amount must be above 0 and at most 1000000000");
  if (limit.metric != "distance_m" && limit.metric != "moving_s" && limit.amount != std::floor(limit.amount))
    throw Error::invalid("amount", "a limit on uses or a counter is a whole number");
}

std::string catalogue_key(std::string_view text, const char* field) {
  const auto nfkc = normalize_nfkc(text, field);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* fold = icu::Normalizer2::getNFKCCasefoldInstance(status);
  std::string folded;
  if (U_SUCCESS(status)) {
    icu::StringByteSink<std::string> sink(&folded);
    fold->normalizeUTF8(0, icu::StringPiece(nfkc.data(), static_cast<std::int32_t>(nfkc.size())), sink, nullptr,
                        status);
  }
  if (U_FAILURE(status)) throw Error::internal("case folding failed: " + std::string(u_errorName(status)));
  std::string out;
  bool space = false;
  for (char c : folded) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  // Folding can lengthen text; a key stays short enough for a page cursor, cut at a code point.
  return utf8_prefix(out, kCatalogueKeyMaxBytes);
}

std::int64_t local_day_start(storage::Connection& c, std::int64_t user_id, std::string_view day) {
  if (!accounts::is_valid_date(day)) throw Error::invalid("date", "not a date as YYYY-MM-DD");
  auto digits = [&](std::size_t from, std::size_t n) { return std::stoi(std::string(day.substr(from, n))); };
  const date::local_days local{date::year{digits(0, 4)} / date::month{static_cast<unsigned>(digits(5, 2))} /
                               date::day{static_cast<unsigned>(digits(8, 2))}};
  try {
    // The earliest instant of the day: a day that starts in a DST gap starts at the gap's end.
    const auto zoned = date::make_zoned(accounts::user_time_zone(c, user_id), local, date::choose::earliest);
    return std::chrono::duration_cast<std::chrono::milliseconds>(zoned.get_sys_time().time_since_epoch()).count();
  } catch (const std::exception&) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               date::sys_days(local.time_since_epoch()).time_since_epoch())
        .count();
  }
}

}  // namespace fitkit::gear
