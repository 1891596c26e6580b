// The rules of gear input: categories, texts, dates, money, counters, limits, collection names,
// and the keys that group reviews into the catalogue. Each check throws Error::invalid naming
// the field, before anything is written.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "fitkit/gear.hpp"
#include "fitkit/storage.hpp"

namespace fitkit::gear {

inline constexpr std::size_t kNameMaxBytes = 100;
inline constexpr std::size_t kNoteMaxBytes = 500;
inline constexpr std::size_t kReviewMaxBytes = 4000;
inline constexpr std::size_t kCustomFieldsMax = 20;
inline constexpr std::size_t kCustomKeyMaxBytes = 40;
inline constexpr std::size_t kCustomValueMaxBytes = 200;
inline constexpr std::size_t kCollectionNameMaxBytes = 50;
inline constexpr std::size_t kCollectionsPerItemMax = 20;
inline constexpr std::int64_t kCollectionsPerUserMax = 100;
inline constexpr std::size_t kDefaultsPerSportMax = 10;
inline constexpr std::int64_t kUsageCountMax = 100000;
inline constexpr std::size_t kCatalogueKeyMaxBytes = 200;

void check_category(std::string_view category, const char* field = "category");

// Trimmed of surrounding spaces, one line, at most `max` bytes; empty when only spaces.
std::string single_line(std::string_view text, std::size_t max, const char* field);
// The same, keeping line breaks and tabs (reviews).
std::string multi_line(std::string_view text, std::size_t max, const char* field);

// YYYY-MM-DD, a real day from 1900 on.
void check_date(std::string_view date, const char* field);
// "129.99": up to 12 digits, a point and up to 4 decimals; returned without leading zeros.
std::string checked_price(std::string_view price);
// Three letters (ISO 4217), returned upper-case.
std::string checked_currency(std::string_view currency);
void check_start_values(const GearFields& f);
// Names and values checked and trimmed.
std::map<std::string, std::string> checked_custom_fields(const std::map<std::string, std::string>& fields);
// At most `max` bytes of UTF-8 text, cut before a code point that would not fit whole.
std::string utf8_prefix(std::string_view text, std::size_t max);
std::string checked_collection_name(std::string_view name, const char* field = "name");
// Counter names: a lower-case letter, then letters, digits or _, at most 32; not a metric's name.
void check_counter_name(std::string_view name, const char* field = "counter");
void check_limit(const WearLimit& limit);

// The catalogue's key of a brand or model: NFKC with case folded, runs of spaces made one,
// so that "Nike " and "NIKE" are one brand.
std::string catalogue_key(std::string_view text, const char* field);

// The first instant of a local day in the owner's time zone.
std::int64_t local_day_start(storage::Connection& c, std::int64_t user_id, std::string_view date);

}  // namespace fitkit::gear
