// What the training services share: the signed-in check, dates, sports
// and the collation that orders text alike on SQLite and PostgreSQL.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "fitkit/actor.hpp"
#include "fitkit/storage.hpp"

namespace fitkit::training {

// unauthenticated unless a signed-in user acts.
void require_user(const Actor& actor);

// invalid_argument naming `field` unless the text is a real day YYYY-MM-DD, 1900 to 9999.
void check_date(std::string_view date, std::string_view field);

// invalid_argument naming `field` unless the sport is a key of the sports list.
void check_sport(std::string_view sport, std::string_view field);

// Appended to a text column in ORDER BY and comparisons: byte order on both engines (SQLite's
// default; PostgreSQL's "C" collation), so that keyset paging walks one order everywhere.
std::string_view byte_order(const storage::Connection& c) noexcept;

// invalid_argument naming `field` unless lo <= value <= hi (and finite).
void check_number(double value, double lo, double hi, std::string_view field, std::string_view unit = {});

}  // namespace fitkit::training
