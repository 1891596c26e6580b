// `fitctl db migrate` and `fitctl db status`: the schema through the storage
// port, without opening the whole platform.
#include <algorithm>

#include "commands.hpp"
#include "core/time_format.hpp"
#include "fitkit/clock.hpp"
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

}  // namespace

void setup_db_commands(CLI::App& app, Commands& commands) {
  auto* db = app.add_subcommand("db", "The database schema")->group("Commands");
  db->require_subcommand(1);
  auto* migrate = db->add_subcommand("migrate", "Apply the migrations the database lacks");
  commands.on(migrate, [](Context& ctx) { run_migrate(ctx); });
  auto* status = db->add_subcommand("status", "List the migrations: version, name, applied time (empty: pending)");
  commands.on(status, [](Context& ctx) { run_status(ctx); });
}

}  // namespace fitkit::cli
