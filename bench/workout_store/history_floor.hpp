// The floor of workouts.records and workouts.totals: the bare SQL that gives the same numbers,
// run through the sqlite3 C API on its own read-only connection to the same database file,
// statements prepared once. Also the comparison of fitkit's answers with the floor's.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace fitkit::bench {

struct RecordValue {
  std::string sport, kind;
  double value = 0;
};

struct TotalsValue {
  std::string period, sport;
  std::int64_t count = 0;
  double distance_m = 0, moving_s = 0, elapsed_s = 0, ascent_m = 0;
};

class HistoryFloor {
 public:
  // `path`: the SQLite file; `utc_offset_hours`: the workouts' fixed zone offset (a zone
  // without daylight saving), so that a local day is plain date arithmetic.
  HistoryFloor(const std::string& path, std::int64_t owner_id, int utc_offset_hours);
  ~HistoryFloor();
  HistoryFloor(const HistoryFloor&) = delete;
  HistoryFloor& operator=(const HistoryFloor&) = delete;

  // `visible`: the SQL list of the visibility levels the viewer sees, e.g. "'everyone', 'friends'".
  std::vector<RecordValue> records(const std::string& visible);
  std::vector<TotalsValue> totals(std::string_view period, const std::string& visible);

 private:
  sqlite3_stmt* statement(const std::string& sql);

  sqlite3* db_ = nullptr;
  std::int64_t owner_;
  std::string local_day_;  // the SQL of a workout's local start day
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

// fitkit's answers (the JSON of workouts.records / workouts.totals) as values.
std::vector<RecordValue> records_of(std::string_view json);
std::vector<TotalsValue> totals_of(std::string_view json);

// Empty when both say the same (sums to 1e-9 relative: the order of adding differs); else the first difference.
std::string compare(std::vector<RecordValue> ours, std::vector<RecordValue> floor);
std::string compare(const std::vector<TotalsValue>& ours, const std::vector<TotalsValue>& floor);

}  // namespace fitkit::bench
