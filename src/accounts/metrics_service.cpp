// The history of body measurements, one row a day. Health data: the owner's alone.
#include <chrono>
#include <exception>

#include <date/date.h>
#include <date/tz.h>

#include "accounts/user_clock.hpp"
#include "accounts/time_zone.hpp"
#include "core/runtime.hpp"
#include "fitkit/account_data.hpp"
#include "fitkit/error.hpp"

namespace fitkit {
namespace {

constexpr std::string_view kColumns = "measured_on, weight_kg, height_cm, resting_hr, recorded_at";

void require_user(const Actor& actor) {
  if (!actor.is_user()) throw Error::unauthenticated();
}


void check_date(const std::string& date, const char* field) {
  if (!accounts::is_valid_date(date) || date < "1900-01-01")
    throw Error::invalid(field, std::string(field) + " must be a date as YYYY-MM-DD");
}

void check_range(std::optional<double> v, double lo, double hi, const char* field) {
  if (v && !(*v >= lo && *v <= hi))
    throw Error::invalid(field, std::string(field) + " must be between " + std::to_string(static_cast<int>(lo)) +
                                    " and " + std::to_string(static_cast<int>(hi)));
}

MetricsEntry read_entry(const storage::Row& r) {
  MetricsEntry e;
  e.date = r.text(0);
  e.weight_kg = r.opt_f64(1);
  e.height_cm = r.opt_f64(2);
  if (auto hr = r.opt_i64(3)) e.resting_hr = static_cast<int>(*hr);
  e.recorded_at = r.i64(4);
  return e;
}

}  // namespace

MetricsEntry AccountDataService::record_metrics(const Actor& actor, const MetricsEntry& in) {
  require_user(actor);
  check_date(in.date, "date");
  if (!in.weight_kg && !in.height_cm && !in.resting_hr)
    throw Error::invalid("weight_kg", "give at least one of weight_kg, height_cm and resting_hr");
  // The same bounds as the profile's body data.
  check_range(in.weight_kg, 20, 650, "weight_kg");
  check_range(in.height_cm, 50, 272, "height_cm");
  check_range(in.resting_hr ? std::optional<double>(*in.resting_hr) : std::nullopt, 20, 250, "resting_hr");
  auto c = rt_.db->acquire();
  if (in.date > accounts::user_today(*c, actor.user_id, rt_.now()))
    throw Error::invalid("date", "date is in the future; record a day that has begun");
  storage::Transaction tx(*c);
  // A value not given keeps what the day already has.
  c->exec("INSERT INTO user_metrics (user_id, measured_on, weight_kg, height_cm, resting_hr, recorded_at)"
          " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, measured_on) DO UPDATE SET"
          " weight_kg = COALESCE(excluded.weight_kg, user_metrics.weight_kg),"
          " height_cm = COALESCE(excluded.height_cm, user_metrics.height_cm),"
          " resting_hr = COALESCE(excluded.resting_hr, user_metrics.resting_hr),"
          " recorded_at = excluded.recorded_at",
          {actor.user_id, in.date, in.weight_kg, in.height_cm,
           in.resting_hr ? storage::Param(static_cast<std::int64_t>(*in.resting_hr)) : storage::Param(nullptr),
           rt_.now()});
  std::optional<MetricsEntry> out;
  c->query("SELECT " + std::string(kColumns) + " FROM user_metrics WHERE user_id = ? AND measured_on = ?",
           {actor.user_id, in.date}, [&](const storage::Row& r) { out = read_entry(r); });
  tx.commit();
  if (!out) throw Error::internal("the recorded metrics could not be read back");
  return *out;
}

Page<MetricsEntry> AccountDataService::metrics(const Actor& actor, const MetricsQuery& q) {
  require_user(actor);
  if (q.from) check_date(*q.from, "from");
  if (q.to) check_date(*q.to, "to");
  // The position comes from a page cursor: that is the parameter a caller got wrong.
  if (q.after && !accounts::is_valid_date(*q.after))
    throw Error::invalid("cursor", "cursor does not hold a day; pass the next_cursor of a page of metrics.list");
  if (q.from && q.to && *q.from > *q.to) throw Error::invalid("to", "to must not be before from");
  check_page_limit(q.limit);
  // Dates as YYYY-MM-DD order as text; the defaults take in every date check_date accepts.
  const std::string from = q.from.value_or("1900-01-01"), to = q.to.value_or("9999-12-31");
  const std::string after = q.after.value_or("1899-12-31");
  std::vector<MetricsEntry> rows;
  // A user has one row a day, so the day alone orders them. One row more than asked tells
  // whether a next page exists.
  rt_.db->acquire()->query("SELECT " + std::string(kColumns) +
                               " FROM user_metrics WHERE user_id = ? AND measured_on >= ? AND measured_on <= ?"
                               " AND measured_on > ? ORDER BY measured_on LIMIT ?",
                           {actor.user_id, from, to, after, std::int64_t{q.limit} + 1},
                           [&](const storage::Row& r) { rows.push_back(read_entry(r)); });
  return Page<MetricsEntry>::from_rows(std::move(rows), q.limit);
}

void AccountDataService::delete_metrics(const Actor& actor, const std::string& date) {
  require_user(actor);
  check_date(date, "date");
  if (rt_.db->acquire()->exec("DELETE FROM user_metrics WHERE user_id = ? AND measured_on = ?",
                              {actor.user_id, date}) == 0)
    throw Error::not_found("nothing is recorded for " + date);
}

}  // namespace fitkit
