#include "storage/sqlite/sqlite_database.hpp"

#include <sqlite3.h>

#include <condition_variable>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "fitkit/error.hpp"

namespace fitkit::storage {
namespace {

constexpr int kBusyTimeoutMs = 5000;

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

Error to_error(sqlite3* db, int rc) {
  const int extended = db ? sqlite3_extended_errcode(db) : rc;
  std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (extended) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return Error::already_exists("already exists (" + msg + ")");
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return Error::conflict("a referenced record is missing or still in use");
    default:
      break;
  }
  switch (rc & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Error::unavailable("the database is busy; try again");
    case SQLITE_CANTOPEN:
      return Error::unavailable("cannot open the database: " + msg);
    default:
      return Error::internal("database error: " + msg);
  }
}

class SqliteRow final : public Row {
 public:
  explicit SqliteRow(sqlite3_stmt* s) : s_(s) {}
  int size() const override { return sqlite3_column_count(s_); }
  bool is_null(int c) const override { return sqlite3_column_type(s_, c) == SQLITE_NULL; }
  std::int64_t i64(int c) const override { return sqlite3_column_int64(s_, c); }
  double f64(int c) const override { return sqlite3_column_double(s_, c); }
  std::string text(int c) const override {
    auto p = reinterpret_cast<const char*>(sqlite3_column_text(s_, c));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, c))) : std::string();
  }
  std::string blob(int c) const override {
    auto p = static_cast<const char*>(sqlite3_column_blob(s_, c));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, c))) : std::string();
  }

 private:
  sqlite3_stmt* s_;
};

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(const std::string& path) {
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
      Error e = to_error(db_, rc);
      sqlite3_close(db_);
      throw e;
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    try {
      run_script("PRAGMA foreign_keys = ON;");
      if (path != ":memory:") run_script("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
      // A page cache of up to 32 MiB (SQLite's default is 2 MiB), filled only as pages are read: a
      // large transaction (100,000 results imported) then keeps its pages instead of spilling them
      // to the WAL and reading them back.
      run_script("PRAGMA cache_size = -32768;");
    } catch (...) {
      sqlite3_close(db_);  // no destructor runs for a constructor that throws (a file that is not a database)
      throw;
    }
  }

  ~SqliteConnection() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }

  std::int64_t run(std::string_view sql, std::span<const Param> params,
                   const RowCallback& on_row) override {
    sqlite3_stmt* stmt = prepare(sql);
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } reset{stmt};
    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(stmt))
      throw Error::internal("statement expects " + std::to_string(sqlite3_bind_parameter_count(stmt)) +
                            " values, got " + std::to_string(params.size()));
    int index = 1;
    for (const Param& p : params) bind(stmt, index++, p);
    SqliteRow row(stmt);
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_ROW) {
        if (on_row) on_row(row);
        continue;
      }
      if (rc == SQLITE_DONE) break;
      throw to_error(db_, rc);
    }
    return sqlite3_changes64(db_);
  }

  void run_script(std::string_view sql) override {
    std::string text(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : "unknown";
      sqlite3_free(err);
      Error e = to_error(db_, rc);
      if (e.code() == ErrorCode::internal) throw Error::internal("database error: " + msg);
      throw e;
    }
  }

  void begin(bool write) override { exec(write ? "BEGIN IMMEDIATE" : "BEGIN"); }
  void commit() override { exec("COMMIT"); }
  void rollback() override {
    if (!sqlite3_get_autocommit(db_)) exec("ROLLBACK");
  }
  bool in_transaction() const override { return !sqlite3_get_autocommit(db_); }
  std::string_view dialect() const override { return "sqlite"; }

 private:
  sqlite3_stmt* prepare(std::string_view sql) {
    if (auto it = cache_.find(sql); it != cache_.end()) return it->second;
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                &stmt, nullptr);
    if (rc != SQLITE_OK) throw to_error(db_, rc);
    cache_.emplace(std::string(sql), stmt);
    return stmt;
  }

  void bind(sqlite3_stmt* stmt, int index, const Param& p) {
    int rc = std::visit(
        [&](const auto& v) -> int {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::monostate>) return sqlite3_bind_null(stmt, index);
          else if constexpr (std::is_same_v<T, std::int64_t>) return sqlite3_bind_int64(stmt, index, v);
          else if constexpr (std::is_same_v<T, double>) return sqlite3_bind_double(stmt, index, v);
          else if constexpr (std::is_same_v<T, std::string_view>)
            return sqlite3_bind_text64(stmt, index, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
          else
            return sqlite3_bind_blob64(stmt, index, v.bytes.data(), v.bytes.size(), SQLITE_TRANSIENT);
        },
        p.value());
    if (rc != SQLITE_OK) throw to_error(db_, rc);
  }

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*, StringHash, std::equal_to<>> cache_;
};

// Leases must be dropped before the database is destroyed.
class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(std::string path) : path_(std::move(path)), memory_(path_ == ":memory:") {
    idle_.push_back(std::make_unique<SqliteConnection>(path_));  // fail early on a bad path
  }

  std::shared_ptr<Connection> lease() override {
    std::unique_ptr<SqliteConnection> conn;
    {
      std::unique_lock lock(mu_);
      // An in-memory database is one connection: wait for it. A thread that
      // already holds it would wait forever, so that is a bug reported at once.
      if (memory_ && idle_.empty() && holder_ == std::this_thread::get_id())
        throw Error::internal("the in-memory database's connection is already held by this thread");
      if (memory_) available_.wait(lock, [&] { return !idle_.empty(); });
      if (memory_) holder_ = std::this_thread::get_id();
      if (!idle_.empty()) {
        conn = std::move(idle_.back());
        idle_.pop_back();
      }
    }
    if (!conn) conn = std::make_unique<SqliteConnection>(path_);
    SqliteConnection* raw = conn.release();
    return std::shared_ptr<Connection>(raw, [this](Connection* c) { give_back(static_cast<SqliteConnection*>(c)); });
  }

  std::string_view dialect() const override { return "sqlite"; }
  std::string describe() const override { return "sqlite:" + path_; }

 private:
  void give_back(SqliteConnection* c) {
    std::unique_ptr<SqliteConnection> conn(c);
    try {
      conn->rollback();  // never hand out a connection inside a transaction
    } catch (...) {
      return;  // a broken connection is closed, not reused
    }
    std::lock_guard lock(mu_);
    holder_ = {};
    idle_.push_back(std::move(conn));
    available_.notify_one();
  }

  std::string path_;
  bool memory_;
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_;
  std::thread::id holder_;  // in memory: the thread holding the one connection
};

}  // namespace

std::unique_ptr<Database> open_sqlite(const std::string& path) {
  if (path.empty()) throw Error::invalid("db", "the sqlite URL needs a path: sqlite:PATH or sqlite::memory:");
  // Memory statistics take a global mutex on every allocation SQLite makes; nothing reads
  // them. Possible only before SQLite initialises: if something else in the process did it
  // first, the call is refused and the default stays.
  static const int memstatus_off = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)memstatus_off;
  return std::make_unique<SqliteDatabase>(path);
}

}  // namespace fitkit::storage
