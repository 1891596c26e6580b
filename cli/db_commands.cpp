// `fitctl db migrate`, `fitctl db status` and `fitctl db copy`: the schema and the data through
// the storage port, without opening the whole platform.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "core/time_format.hpp"
#include "fitkit/clock.hpp"
#include "fitkit/db_copy.hpp"
#include "fitkit/storage.hpp"

namespace fitkit::cli {
namespace {

int applied_version(const std::vector<storage::MigrationStatus>& status) {
  int version = 0;
  for (const auto& m : status)
    if (m.applied_at_ms) version = std::max(version, m.version);
  return version;
}

void run_migrate(Context& ctx) {
  auto db = storage::open_database(ctx.options().db);
  int applied = storage::migrate(*db, SystemClock().now_ms());
  auto status = storage::migration_status(*db);
  ctx.print({{"database", db->describe()}, {"applied", applied}, {"version", applied_version(status)}});
}

void run_status(Context& ctx) {
  auto db = storage::open_database(ctx.options().db);
  Json items = Json::array();
  for (const auto& m : storage::migration_status(*db))
    items.push_back({{"version", m.version},
                     {"name", m.name},
                     {"applied_at", m.applied_at_ms ? Json(format_utc(*m.applied_at_ms)) : nullptr}});
  ctx.print({{"items", items}}, "items");
}

struct CopyCommandOptions {
  std::string from;
  std::string to;
  bool resume = false;
};

Json report_json(const storage::CopyReport& report) {
  Json tables = Json::array();
  for (const auto& t : report.tables)
    tables.push_back({{"table", t.name},
                      {"copied", t.copied},
                      {"source_rows", t.source_rows},
                      {"target_rows", t.target_rows},
                      {"match", t.matches()},
                      {"source_checksum", t.source_checksum},
                      {"target_checksum", t.target_checksum}});
  return {{"from", report.from},
          {"to", report.to},
          {"schema_version", report.schema_version},
          {"resumed", report.resumed},
          {"rows_copied", report.rows_copied()},
          {"verified", report.verified()},
          {"sequences", report.sequences},
          {"tables", tables}};
}

// SQLite creates a missing file on open: a mistyped source would otherwise be an empty database.
void require_existing_source(const std::string& url) {
  if (!url.starts_with("sqlite:")) return;
  const std::string path = url.substr(7);
  if (path != ":memory:" && !path.empty() && !std::filesystem::exists(path))
    throw Error::not_found("the source database " + url + " does not exist");
}

void run_copy(Context& ctx, const CopyCommandOptions& o) {
  require_existing_source(o.from);
  auto from = storage::open_database(o.from);
  auto to = storage::open_database(o.to);
  storage::CopyOptions options;
  options.resume = o.resume;
  bool line_open = false;  // a progress line without its end: the error must start a line of its own
  if (isatty(STDERR_FILENO) == 1)  // progress for a person; never in a pipe or a log
    options.on_progress = [&line_open](const storage::CopyProgress& p) {
      std::cerr << "\r" << p.table << ": " << p.in_target << "/" << p.in_source << (p.done ? "\n" : "")
                << std::flush;
      line_open = !p.done;
    };
  try {
    ctx.print(report_json(storage::copy_database(*from, *to, options)), "tables");
  } catch (const storage::CopyMismatch& e) {
    ctx.print(report_json(e.report()), "tables");  // what differs, then the error
    throw;
  } catch (...) {
    if (line_open) std::cerr << '\n';
    throw;
  }
}

}  // namespace

void setup_db_commands(CLI::App& app, Commands& commands) {
  auto* db = app.add_subcommand("db", "The database: its schema, and copying it")->group("Commands");
  db->require_subcommand(1);
  auto* migrate = db->add_subcommand("migrate", "Apply the migrations the database lacks");
  commands.on(migrate, [](Context& ctx) { run_migrate(ctx); });
  auto* status =
      db->add_subcommand("status", "List the migrations: version, name, applied time (empty: pending)");
  commands.on(status, [](Context& ctx) { run_status(ctx); });

  auto copy_options = std::make_shared<CopyCommandOptions>();
  auto* copy = db->add_subcommand(
      "copy", "Copy every table of one database into another (e.g. SQLite to PostgreSQL), then verify");
  copy->add_option("--from", copy_options->from, "The source database URL, migrated to this version")
      ->required();
  copy->add_option("--to", copy_options->to, "The target database URL: empty, or --resume")->required();
  copy->add_flag("--resume", copy_options->resume, "Continue an interrupted copy into the same target");
  commands.on(copy, [copy_options](Context& ctx) { run_copy(ctx, *copy_options); });
}

}  // namespace fitkit::cli
