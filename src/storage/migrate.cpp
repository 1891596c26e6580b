// Applies the embedded migrations (src/storage/migrations/NNNN_name.sql) in order. A migration
// that must differ between engines (a full-text index) comes as NNNN_name.sqlite.sql and
// NNNN_name.postgresql.sql, and each database runs its own.
#include <algorithm>
#include <charconv>
#include <vector>

#include "core/embedded.hpp"
#include "fitkit/error.hpp"
#include "fitkit/storage.hpp"

namespace fitkit {
extern const EmbeddedFile kMigrations[];
extern const std::size_t kMigrations_count;
}  // namespace fitkit

namespace fitkit::storage {
namespace {

struct Migration {
  int version;
  std::string name;
  std::string_view sql;
};

// The migrations for this dialect, in order.
std::vector<Migration> embedded(std::string_view dialect) {
  std::vector<Migration> out;
  for (std::size_t i = 0; i < kMigrations_count; ++i) {
    const auto& f = kMigrations[i];
    int version = 0;
    auto [p, ec] = std::from_chars(f.name.data(), f.name.data() + f.name.size(), version);
    if (ec != std::errc() || *p != '_') throw Error::internal("bad migration name " + std::string(f.name));
    std::string name(p + 1, f.name.data() + f.name.size());
    if (name.ends_with(".sql")) name.resize(name.size() - 4);
    if (const auto dot = name.rfind('.'); dot != std::string::npos) {
      if (std::string_view(name).substr(dot + 1) != dialect) continue;  // another engine's
      name.resize(dot);
    }
    out.push_back({version, std::move(name), f.content});
  }
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.version < b.version; });
  for (std::size_t i = 1; i < out.size(); ++i)
    if (out[i].version == out[i - 1].version) throw Error::internal("two migrations numbered " + std::to_string(out[i].version));
  return out;
}

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

}  // namespace

std::vector<MigrationStatus> migration_status(Database& db) {
  auto conn = db.acquire();
  conn->exec(kCreateTable);
  std::vector<MigrationStatus> out;
  for (auto& m : embedded(db.dialect())) {
    auto applied = conn->query_i64("SELECT applied_at FROM schema_migrations WHERE version = ?", {m.version});
    out.push_back({m.version, m.name, applied});
  }
  return out;
}

int migrate(Database& db, std::int64_t now_ms) {
  auto conn = db.acquire();
  conn->exec(kCreateTable);
  int ran = 0;
  for (auto& m : embedded(db.dialect())) {
    Transaction tx(*conn);
    // Checked inside the write transaction, so two processes never apply one twice.
    if (conn->query_i64("SELECT 1 FROM schema_migrations WHERE version = ?", {m.version})) continue;
    conn->run_script(m.sql);
    conn->exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
               {m.version, m.name, now_ms});
    tx.commit();
    ++ran;
  }
  return ran;
}

}  // namespace fitkit::storage
