// The storage port: a database hands out connections; a connection runs SQL
// with `?` placeholders and bound values. SQLite and PostgreSQL are drivers
// behind it; the schema and the queries are the same for both.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <thread>
#include <vector>

#include "fitkit/error.hpp"

namespace fitkit::storage {

// Binary data, as opposed to text.
struct BlobView {
  std::string_view bytes;
};

// A value bound to a `?` placeholder. It borrows strings: keep them alive for the call.
class Param {
 public:
  Param(std::nullptr_t) {}
  Param(std::int64_t v) : v_(v) {}
  Param(int v) : v_(static_cast<std::int64_t>(v)) {}
  Param(bool v) : v_(static_cast<std::int64_t>(v ? 1 : 0)) {}
  Param(double v) : v_(v) {}
  Param(std::string_view v) : v_(v) {}
  Param(const std::string& v) : v_(std::string_view(v)) {}
  Param(const char* v) : v_(std::string_view(v)) {}
  Param(BlobView v) : v_(v) {}
  template <class T>
  Param(const std::optional<T>& v) {
    if (v) *this = Param(*v);
  }

  using Value = std::variant<std::monostate, std::int64_t, double, std::string_view, BlobView>;
  const Value& value() const { return v_; }

 private:
  Value v_;
};

using Params = std::initializer_list<Param>;

// The current row of a result; valid only inside the row callback.
class Row {
 public:
  virtual ~Row() = default;
  virtual int size() const = 0;
  virtual bool is_null(int column) const = 0;
  virtual std::int64_t i64(int column) const = 0;
  virtual double f64(int column) const = 0;
  virtual std::string text(int column) const = 0;
  virtual std::string blob(int column) const = 0;

  std::optional<std::int64_t> opt_i64(int column) const;
  std::optional<double> opt_f64(int column) const;
  std::optional<std::string> opt_text(int column) const;
};

using RowCallback = std::function<void(const Row&)>;

class Connection {
 public:
  virtual ~Connection() = default;

  // Runs one statement, calling `on_row` for each row it yields. Statements are
  // prepared once per connection and cached by their SQL text. Returns the
  // number of rows changed. Driver errors become fitkit::Error: a unique
  // violation is already_exists, a busy database unavailable.
  virtual std::int64_t run(std::string_view sql, std::span<const Param> params,
                           const RowCallback& on_row) = 0;
  // Runs a script of several statements without parameters (migrations).
  virtual void run_script(std::string_view sql) = 0;

  // Transactions; prefer the Transaction guard below. A write transaction
  // takes the write lock at its start so that two writers never deadlock.
  virtual void begin(bool write) = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;

  virtual bool in_transaction() const = 0;

  // "sqlite" or "postgresql": the hook for the rare SQL that differs.
  virtual std::string_view dialect() const = 0;

  // Conveniences over run().
  std::int64_t exec(std::string_view sql, Params params = {});
  std::int64_t exec(std::string_view sql, const std::vector<Param>& params);
  void query(std::string_view sql, Params params, const RowCallback& on_row);
  void query(std::string_view sql, const std::vector<Param>& params, const RowCallback& on_row);
  // The first column of the first row, if there is a row.
  std::optional<std::int64_t> query_i64(std::string_view sql, Params params = {});
  std::optional<std::string> query_text(std::string_view sql, Params params = {});

  // Runs `action` once the Transaction (or Snapshot) open on this connection commits, at once
  // when none is open; drops it when that rolls back. For what must never reveal a change that
  // may still roll back, such as live notifications. An exception from `action` is dropped.
  void after_commit(std::function<void()> action);
  // Called by Transaction and Snapshot as they end: runs or drops what after_commit() queued.
  void end_of_transaction(bool committed) noexcept;

 private:
  friend class Transaction;  // a joined Transaction drops what it queued when it rolls back
  std::vector<std::function<void()>> after_commit_;
};

// A transaction that lost a race with a concurrent one: a serialization failure or a deadlock on
// PostgreSQL. Nothing of it was applied, so running the whole unit of work again is safe and
// usually succeeds. Its code is unavailable, which is what callers see once retries run out.
class TransactionConflict : public Error {
 public:
  explicit TransactionConflict(std::string message) : Error(ErrorCode::unavailable, std::move(message)) {}
};

// Runs `work` (which acquires its connection and opens its transactions itself) and runs it
// again when it throws TransactionConflict, up to `attempts` times in all, with a short
// growing pause; then lets the conflict through. Every operation of the registry runs so.
template <class Work>
decltype(auto) retry_on_conflict(Work&& work, int attempts = 10) {
  for (int attempt = 1;; ++attempt) {
    try {
      return work();
    } catch (const TransactionConflict&) {
      if (attempt >= attempts) throw;
      // Spread the retries of colliding callers: 1, 2, 4 ... up to 32 ms, plus a jitter.
      const auto base = std::chrono::milliseconds(1 << std::min(attempt - 1, 5));
      const auto jitter = std::chrono::microseconds(
          std::hash<std::thread::id>{}(std::this_thread::get_id()) % 1000 * attempt % 1000);
      std::this_thread::sleep_for(base + jitter);
    }
  }
}

// Rolls back unless committed, so that an exception never half-applies a change. On the
// connection of this thread's OuterTransaction it joins that one as a savepoint instead.
class Transaction {
 public:
  explicit Transaction(Connection& c, bool write = true);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void commit();

 private:
  Connection& c_;
  bool done_ = false;
  bool joined_ = false;
  std::size_t queued_before_ = 0;  // after-commit actions queued before a joined one began
};

// A savepoint inside an open transaction, released by commit() and rolled back to otherwise:
// for a best-effort write whose failure must not spoil the rest of the transaction (on
// PostgreSQL a failed statement otherwise aborts the whole transaction). Outside a
// transaction it does nothing: a lone statement is its own transaction.
class Savepoint {
 public:
  explicit Savepoint(Connection& c);
  Savepoint(const Savepoint&) = delete;
  Savepoint& operator=(const Savepoint&) = delete;
  ~Savepoint();
  void commit();

 private:
  Connection& c_;
  bool active_;
  bool done_ = false;
};

// A database: a source of connections. SQLite keeps one per thread that uses
// it; PostgreSQL a pool. A lease goes back when the pointer is dropped.
class Database {
 public:
  virtual ~Database() = default;
  // A connection for this thread: the one of its open Snapshot, if any, else a lease.
  std::shared_ptr<Connection> acquire();
  virtual std::string_view dialect() const = 0;
  // The URL with any password masked, for messages and logs.
  virtual std::string describe() const = 0;

 protected:
  virtual std::shared_ptr<Connection> lease() = 0;  // what drivers implement

 private:
  friend class Snapshot;
  friend class OuterTransaction;
};

// One read transaction for a whole request. While it lives, every acquire() of
// the database on this thread returns its connection, so that a request that
// reads several times sees one state (as of its first read) and pays for one
// transaction rather than one per statement. Snapshots nest (an inner one changes nothing). Inside,
// a Transaction cannot begin (Error::internal); a lone write statement upgrades
// the transaction, fails with unavailable if another writer holds the lock, and
// is kept only if the snapshot ends with commit().
class Snapshot {
 public:
  explicit Snapshot(Database& db);
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;
  ~Snapshot();  // rolls back unless committed
  void commit();

 private:
  Database& db_;
  std::shared_ptr<Connection> conn_;  // null for a nested snapshot
  bool done_ = false;
};

// One write transaction around several units of work that must commit as one, such as a
// conditional update (HTTP If-Match) that reads the current state and changes it with no
// writer in between. While it lives, every acquire() of the database on this thread returns
// its connection; a Transaction begun on it joins as a savepoint (its commit() releases the
// savepoint, its rollback undoes its own changes only), a Snapshot inside changes nothing,
// and nothing is durable, nor after_commit() run, before the outer commit(). A conflict
// (TransactionConflict) aborts the whole of it: retry the outer unit, not the inner ones
// (see in_outer_transaction). It cannot begin inside a Snapshot or another one (internal).
class OuterTransaction {
 public:
  explicit OuterTransaction(Database& db);
  OuterTransaction(const OuterTransaction&) = delete;
  OuterTransaction& operator=(const OuterTransaction&) = delete;
  ~OuterTransaction();  // rolls back unless committed
  void commit();

 private:
  Database& db_;
  std::shared_ptr<Connection> conn_;
  bool done_ = false;
};

// Whether this thread holds an OuterTransaction on `db`.
bool in_outer_transaction(const Database& db);

// The dialect hook for the rare SQL that differs: the aggregate that joins
// strings, group_concat(x, ',') in SQLite and string_agg(x, ',') in PostgreSQL.
std::string_view string_agg_function(std::string_view dialect) noexcept;

// "?, ?, ?" for n values: the placeholders of an IN list or a VALUES row.
std::string placeholders(std::size_t n);

// Opens "sqlite:PATH", "sqlite::memory:" (and, with the driver built in,
// "postgresql://…"). Throws Error(invalid_argument) for an unknown scheme.
std::unique_ptr<Database> open_database(std::string_view url);

// Embedded numbered migrations, recorded in schema_migrations.
struct MigrationStatus {
  int version;
  std::string name;
  std::optional<std::int64_t> applied_at_ms;
};
std::vector<MigrationStatus> migration_status(Database& db);
// Applies what is missing, each in its own transaction; returns how many ran.
int migrate(Database& db, std::int64_t now_ms);

}  // namespace fitkit::storage
