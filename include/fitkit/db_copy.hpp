// Copying a whole fitkit database to another through the storage port: from the embedded
// SQLite default onto a PostgreSQL server (and from any supported URL to any other).
//
// The source must be migrated to this build's schema version; the target is migrated by the
// copy. Tables and columns come from the catalogs (schema_migrations aside), parents before
// children by their foreign keys, each in primary-key order in batches of one transaction on
// the target, so an interrupted copy leaves every table a prefix of the source's and
// `resume` continues after the highest key already copied. At the end both sides are read
// again through the port and compared table by table: row counts and a SHA-256 checksum.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fitkit/error.hpp"
#include "fitkit/storage.hpp"

namespace fitkit::storage {

// Told after every batch committed on the target, and once when a table is done.
struct CopyProgress {
  std::string_view table;
  std::int64_t copied = 0;     // rows of the table copied by this run so far
  std::int64_t in_source = 0;  // rows of the table in the source
  std::int64_t in_target = 0;  // rows of the table in the target now
  bool done = false;           // the table is complete
};

struct CopyOptions {
  // Continue an interrupted copy: per table, after the highest primary key (the whole key,
  // compared column by column) already in the target. Without it, a target with any row in
  // one of the tables is refused.
  bool resume = false;
  int batch_size = 1000;  // rows per target transaction, and per read from either side
  // Optional. An exception it throws stops the copy after the batch it was told about.
  std::function<void(const CopyProgress&)> on_progress;
};

// One table's outcome. A checksum is the lowercase hex SHA-256 of the canonical encoding of
// the table's rows read in primary-key order: each value in column order as a tag byte,
// 'N' (NULL), 'I' + 8 bytes big-endian (integer), 'R' + the 8 bytes big-endian of the IEEE
// double (real), 'T' or 'B' + an 8-byte big-endian length + the bytes (text, blob).
struct TableCopy {
  std::string name;
  std::int64_t copied = 0;  // rows written by this run
  std::int64_t source_rows = 0;
  std::int64_t target_rows = 0;
  std::string source_checksum;
  std::string target_checksum;

  bool matches() const { return source_rows == target_rows && source_checksum == target_checksum; }
};

struct CopyReport {
  std::string from;  // Database::describe(): passwords masked
  std::string to;
  int schema_version = 0;
  bool resumed = false;
  std::vector<TableCopy> tables;  // in copy order: parents first
  // "table.column" of each PostgreSQL sequence (serial or identity) set past the copied ids.
  std::vector<std::string> sequences;

  bool verified() const;  // every table matches
  std::int64_t rows_copied() const;
};

// The verification failed: the message names the tables that differ, report() has them all.
// Its code is conflict: something wrote to either database during the copy.
class CopyMismatch : public Error {
 public:
  CopyMismatch(std::string message, CopyReport report);
  const CopyReport& report() const noexcept { return *report_; }

 private:
  std::shared_ptr<const CopyReport> report_;  // shared: exceptions are copied
};

// Copies every table of `from` into `to`, verifies, and returns the report. Throws
// Error::precondition for a source not at this build's schema version (run `fitctl db
// migrate` on it), a non-empty target without `resume`, a table without a primary key, a
// foreign-key cycle, or columns that differ between the two; CopyMismatch when the
// verification fails; Error::invalid when both are the same database.
CopyReport copy_database(Database& from, Database& to, const CopyOptions& options = {});

// Compares every table of `from` with the same table of `to`: counts and checksums, each
// side read in one snapshot. Returns the report (copied = 0) or throws CopyMismatch.
CopyReport verify_copy(Database& from, Database& to, int batch_size = 1000);

}  // namespace fitkit::storage
