// `db copy`: one database into another through the storage port, then verified.
#include <algorithm>

#include "fitkit/clock.hpp"
#include "fitkit/db_copy.hpp"
#include "storage/copy_catalog.hpp"
#include "storage/copy_rows.hpp"

namespace fitkit::storage {
namespace {

using copy::TablePlan;

constexpr int kMaxBatchSize = 100000;

void check_arguments(Database& from, Database& to, int batch_size) {
  // Two in-memory SQLite databases describe alike and are still two.
  if (&from == &to || (from.describe() == to.describe() && from.describe() != "sqlite::memory:"))
    throw Error::invalid("to", "the source and the target are the same database: " + to.describe());
  if (batch_size < 1 || batch_size > kMaxBatchSize)
    throw Error::invalid("batch_size", "must be from 1 to " + std::to_string(kMaxBatchSize));
}

std::optional<std::int64_t> highest_version(Database& db) {
  auto c = db.acquire();
  if (!copy::has_table(*c, "schema_migrations")) return std::nullopt;
  return c->query_i64("SELECT max(version) FROM schema_migrations").value_or(0);
}

int build_version(Database& migrated) {
  int version = 0;
  for (const auto& m : migration_status(migrated)) version = std::max(version, m.version);
  return version;
}

// The source must be exactly at this build's schema: older lacks tables or columns the target
// will have, newer has what this build does not know. Nothing is written to it.
void check_source_schema(Database& from) {
  const std::string run_migrate = ": run `fitctl db migrate --db " + from.describe() + "` on it first";
  const auto highest = highest_version(from);
  if (!highest)
    throw Error::precondition("the source " + from.describe() + " has no fitkit schema" + run_migrate);
  int pending = 0, newest = 0;
  for (const auto& m : migration_status(from)) {  // its table exists: this only reads
    if (!m.applied_at_ms) ++pending;
    newest = std::max(newest, m.version);
  }
  if (pending > 0)
    throw Error::precondition("the source " + from.describe() + " lacks " + std::to_string(pending) +
                              " of this fitkit's migrations (schema version " + std::to_string(newest) + ")" +
                              run_migrate);
  if (*highest > newest)
    throw Error::precondition("the source " + from.describe() + " is at schema version " +
                              std::to_string(*highest) + ", newer than this fitkit's " +
                              std::to_string(newest) + ": copy it with the fitkit that migrated it");
}

int migrate_target(Database& to) {
  migrate(to, SystemClock().now_ms());
  const int version = build_version(to);
  if (highest_version(to).value_or(0) > version)
    throw Error::precondition("the target " + to.describe() +
                              " is at a schema version newer than this fitkit's " + std::to_string(version) +
                              ": copy with the fitkit that migrated it");
  return version;
}

std::vector<TablePlan> make_plan(Database& from, Database& to) {
  std::vector<copy::CatalogTable> source, target;
  {
    auto c = from.acquire();
    source = copy::read_catalog(*c);
  }
  {
    auto c = to.acquire();
    target = copy::read_catalog(*c);
  }
  return copy::plan_copy(source, target);
}

void check_target_empty(Database& to, const std::vector<TablePlan>& plan) {
  auto c = to.acquire();
  for (const auto& t : plan)
    if (c->query_i64("SELECT 1 FROM " + copy::quote_name(t.name) + " LIMIT 1"))
      throw Error::precondition("the target " + to.describe() + " is not empty (table " + t.name +
                                " has rows): copy into an empty database, or resume an interrupted copy "
                                "into it (--resume)");
}

// SQLite keeps any value in any column; a value whose type differs from its column's would not
// keep its type (a blob in a TEXT column becomes text), so such a source is refused, by column.
void check_sqlite_value_types(Connection& c, const TablePlan& t) {
  std::string sql;
  for (const auto& col : t.columns) {
    std::string_view allowed = "'integer'";
    if (col.kind == copy::Kind::real) allowed = "'real', 'integer'";
    if (col.kind == copy::Kind::text) allowed = "'text'";
    if (col.kind == copy::Kind::blob) allowed = "'blob'";
    sql += std::string(sql.empty() ? "SELECT " : ", ") + "sum(CASE WHEN typeof(" +
           copy::quote_name(col.name) + ") IN ('null', " + std::string(allowed) + ") THEN 0 ELSE 1 END)";
  }
  sql += " FROM " + copy::quote_name(t.name);
  c.query(sql, {}, [&](const Row& r) {
    for (int i = 0; i < r.size(); ++i)
      if (r.opt_i64(i).value_or(0) > 0) {
        const auto& col = t.columns[static_cast<std::size_t>(i)];
        throw Error::precondition("column " + t.name + "." + col.name + " of the source holds " +
                                  std::to_string(r.i64(i)) + " value(s) that are not " +
                                  std::string(copy::to_string(col.kind)) +
                                  ": they would not keep their type; correct them first");
      }
  });
}

// Serial and identity columns of a PostgreSQL target: their sequences continue after the copied
// ids. (fitkit's own ids are made by the application; a SQLite target's AUTOINCREMENT follows
// explicit ids by itself.)
std::vector<std::string> set_sequences(Database& to, const std::vector<TablePlan>& plan) {
  std::vector<std::string> out;
  if (to.dialect() != "postgresql") return out;
  auto c = to.acquire();
  std::vector<std::pair<std::string, std::string>> columns;
  c->query(
      "SELECT table_name::text, column_name::text FROM information_schema.columns "
      "WHERE table_schema = current_schema() AND (column_default LIKE 'nextval(%' OR is_identity = 'YES') "
      "ORDER BY 1, 2",
      {}, [&](const Row& r) { columns.emplace_back(r.text(0), r.text(1)); });
  for (const auto& [table, column] : columns) {
    if (std::none_of(plan.begin(), plan.end(), [&](const TablePlan& t) { return t.name == table; })) continue;
    c->query_i64("SELECT setval(pg_get_serial_sequence(?, ?), COALESCE((SELECT max(" +
                     copy::quote_name(column) + ") FROM " + copy::quote_name(table) + "), 0) + 1, false)",
                 {copy::quote_name(table), column});
    out.push_back(table + "." + column);
  }
  return out;
}

void copy_table(Database& from, Database& to, const TablePlan& t, const CopyOptions& options,
                TableCopy& entry) {
  auto source = from.acquire();  // the snapshot's connection
  const std::int64_t in_source = copy::count_rows(*source, t);
  copy::TableScan scan(t, from.dialect(), options.batch_size);
  copy::TableWriter writer(t);
  std::int64_t in_target = 0;
  if (options.resume) {
    auto target = to.acquire();
    in_target = copy::count_rows(*target, t);
    // The target holds a prefix of the table in key order (each batch is one transaction).
    if (auto last = copy::TableScan(t, to.dialect(), 1).last_key(*target)) scan.start_after(std::move(*last));
  }
  const auto progress = [&](bool done) {
    if (options.on_progress) options.on_progress({t.name, entry.copied, in_source, in_target, done});
  };
  for (auto rows = scan.next(*source); !rows.empty(); rows = scan.next(*source)) {
    retry_on_conflict([&] {
      auto target = to.acquire();
      Transaction tx(*target);
      writer.write(*target, rows);
      tx.commit();
    });
    entry.copied += static_cast<std::int64_t>(rows.size());
    in_target += static_cast<std::int64_t>(rows.size());
    progress(false);
  }
  progress(true);
}

// Fills the counts and checksums of `report`'s tables, each side read in one snapshot.
void verify(Database& from, Database& to, const std::vector<TablePlan>& plan, int batch_size,
            CopyReport& report) {
  for (auto [db, source] : {std::pair{&from, true}, std::pair{&to, false}}) {
    Snapshot snapshot(*db);
    auto c = db->acquire();
    for (std::size_t i = 0; i < plan.size(); ++i) {
      const auto sum = copy::sum_table(*c, plan[i], batch_size);
      auto& entry = report.tables[i];
      (source ? entry.source_rows : entry.target_rows) = sum.rows;
      (source ? entry.source_checksum : entry.target_checksum) = sum.checksum;
    }
  }
  std::string differ;
  for (const auto& t : report.tables) {
    if (t.matches()) continue;
    differ += (differ.empty() ? "" : ", ") + t.name;
    differ += t.source_rows != t.target_rows
                  ? " (" + std::to_string(t.source_rows) + " rows in the source, " +
                        std::to_string(t.target_rows) + " in the target)"
                  : " (same row count, different content)";
  }
  if (!differ.empty())
    throw CopyMismatch("the target differs from the source in table(s) " + differ +
                           ": did something write to either database during the copy? Stop every writer "
                           "and copy again into an empty database",
                       report);
}

CopyReport new_report(Database& from, Database& to, const std::vector<TablePlan>& plan) {
  CopyReport report;
  report.from = from.describe();
  report.to = to.describe();
  for (const auto& t : plan) report.tables.push_back({t.name, 0, 0, 0, {}, {}});
  return report;
}

}  // namespace

bool CopyReport::verified() const {
  return std::all_of(tables.begin(), tables.end(), [](const TableCopy& t) { return t.matches(); });
}

std::int64_t CopyReport::rows_copied() const {
  std::int64_t n = 0;
  for (const auto& t : tables) n += t.copied;
  return n;
}

CopyMismatch::CopyMismatch(std::string message, CopyReport report)
    : Error(ErrorCode::conflict, std::move(message)),
      report_(std::make_shared<const CopyReport>(std::move(report))) {}

CopyReport copy_database(Database& from, Database& to, const CopyOptions& options) {
  check_arguments(from, to, options.batch_size);
  check_source_schema(from);
  const int version = migrate_target(to);
  const auto plan = make_plan(from, to);
  if (!options.resume) check_target_empty(to, plan);

  CopyReport report = new_report(from, to, plan);
  report.schema_version = version;
  report.resumed = options.resume;
  {
    Snapshot snapshot(from);  // one state of the source for the whole copy
    if (from.dialect() == "sqlite") {
      auto c = from.acquire();
      for (const auto& t : plan) check_sqlite_value_types(*c, t);
    }
    for (std::size_t i = 0; i < plan.size(); ++i) copy_table(from, to, plan[i], options, report.tables[i]);
  }
  report.sequences = set_sequences(to, plan);
  {
    auto c = to.acquire();
    Transaction tx(*c);
    copy::rebuild_search_index(*c);
    tx.commit();
  }
  verify(from, to, plan, options.batch_size, report);
  return report;
}

CopyReport verify_copy(Database& from, Database& to, int batch_size) {
  check_arguments(from, to, batch_size);
  const auto plan = make_plan(from, to);
  CopyReport report = new_report(from, to, plan);
  report.schema_version = static_cast<int>(highest_version(to).value_or(0));
  verify(from, to, plan, batch_size, report);
  return report;
}

}  // namespace fitkit::storage
