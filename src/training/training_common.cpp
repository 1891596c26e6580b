#include "training/training_common.hpp"

#include <chrono>
#include <cmath>
#include <exception>

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

#include "accounts/time_zone.hpp"
#include "fitkit/error.hpp"
#include "workouts/sports.hpp"

namespace fitkit::training {

void require_user(const Actor& actor) {
  if (!actor.is_user()) throw Error::unauthenticated();
}

void check_date(std::string_view date, std::string_view field) {
  const std::string name(field);
  if (!accounts::is_valid_date(date) || date < "1900-01-01")
    throw Error::invalid(name, name + " must be a date as YYYY-MM-DD");
}

void check_sport(std::string_view sport, std::string_view field) {
  if (!workouts::find_sport(sport))
    throw Error::invalid(std::string(field), std::string(field) + " must be a sport of the list (docs/workouts.md)");
}

std::string_view byte_order(const storage::Connection& c) noexcept {
  return c.dialect() == "postgresql" ? " COLLATE \"C\"" : "";
}

void check_number(double value, double lo, double hi, std::string_view field, std::string_view unit) {
  if (std::isfinite(value) && value >= lo && value <= hi) return;
  const std::string name(field);
  throw Error::invalid(name, fmt::format("{} must be between {} and {}{}{}", name, lo, hi, unit.empty() ? "" : " ", unit));
}

}  // namespace fitkit::training
