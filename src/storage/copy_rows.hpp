// The rows of `db copy`: values held with their types between a read and a write, pages read
// in primary-key order (keyset, so never a whole table in memory), batched inserts, and the
// checksum both sides are compared by.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "fitkit/storage.hpp"
#include "storage/copy_catalog.hpp"

namespace fitkit::storage::copy {

struct Blob {
  std::string bytes;
};
using Value = std::variant<std::monostate, std::int64_t, double, std::string, Blob>;
using Values = std::vector<Value>;

// Reads a table's rows in key order, a page at a time: on SQLite each page after the last key
// read (the key's index serves it), on PostgreSQL from a cursor, which needs a transaction open
// on the connection (a Snapshot) and one scan at a time on it.
class TableScan {
 public:
  TableScan(const TablePlan& table, std::string_view dialect, int page_size);
  ~TableScan();
  TableScan(const TableScan&) = delete;
  TableScan& operator=(const TableScan&) = delete;
  // Starts after this key (the values of the key's columns) rather than at the beginning.
  void start_after(Values key) { after_ = std::move(key); }
  // The next page: at most page_size rows, empty at the end. Always on the same connection.
  std::vector<Values> next(Connection& c);
  // The key of the table's last row in key order, if it has any.
  std::optional<Values> last_key(Connection& c) const;

 private:
  static constexpr const char* kCursor = "fitkit_copy_scan";
  const TablePlan& table_;
  int page_size_;
  bool postgres_;
  std::string first_sql_, after_sql_, last_key_sql_;
  std::optional<Values> after_;
  Connection* cursor_ = nullptr;  // where the cursor is open
  bool done_ = false;
};

// Inserts rows into a table. Rows go in statements of several rows; for the PostgreSQL driver,
// which prepares one statement per SQL text and parameter types, rows are grouped by which of
// their values are NULL so that a table needs few prepared statements.
class TableWriter {
 public:
  explicit TableWriter(const TablePlan& table);
  void write(Connection& c, const std::vector<Values>& rows);

 private:
  const TablePlan& table_;
  int rows_per_statement_;
  std::string single_sql_, multi_sql_;
};

// SHA-256 over the canonical encoding of rows, fed in key order (see fitkit/db_copy.hpp).
class Checksum {
 public:
  Checksum();
  ~Checksum();
  Checksum(const Checksum&) = delete;
  Checksum& operator=(const Checksum&) = delete;
  void add(const Values& row);
  std::string hex();  // ends it

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// A table's row count and checksum, read in pages of `page_size` through `c`.
struct TableSum {
  std::int64_t rows = 0;
  std::string checksum;
};
TableSum sum_table(Connection& c, const TablePlan& table, int page_size);

// Counts a table's rows.
std::int64_t count_rows(Connection& c, const TablePlan& table);

}  // namespace fitkit::storage::copy
