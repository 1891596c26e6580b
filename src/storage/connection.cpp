// The driver-independent parts of the storage port.
#include "fitkit/storage.hpp"

#include <algorithm>

namespace fitkit::storage {
namespace {

std::span<const Param> as_span(Params params) { return {params.begin(), params.size()}; }

// The connections of this thread's open snapshots and outer transactions, one per database.
struct Pin {
  const Database* db;
  std::shared_ptr<Connection> conn;
  bool outer = false;  // an OuterTransaction's: Transactions on it join as savepoints
};
thread_local std::vector<Pin> t_pins;

Pin* pin_of(const Database* db) {
  auto it = std::find_if(t_pins.begin(), t_pins.end(), [&](const Pin& p) { return p.db == db; });
  return it == t_pins.end() ? nullptr : &*it;
}

// The end of a Snapshot or an OuterTransaction: unpinned, and rolled back unless committed.
void unpin(const Database& db, Connection& conn, bool committed) noexcept {
  std::erase_if(t_pins, [&](const Pin& p) { return p.db == &db; });
  if (committed) return;
  conn.end_of_transaction(false);
  try {
    conn.rollback();
  } catch (...) {
    // The lease's return rolls back again or drops a broken connection.
  }
}

void commit_pinned(Connection& conn, bool& done) {
  if (done) return;
  conn.commit();
  done = true;
  conn.end_of_transaction(true);
}

}  // namespace

std::shared_ptr<Connection> Database::acquire() {
  if (Pin* pin = pin_of(this)) return pin->conn;
  return lease();
}

Snapshot::Snapshot(Database& db) : db_(db) {
  if (pin_of(&db)) return;  // nested: the outer snapshot serves
  conn_ = db.lease();
  conn_->begin(false);
  t_pins.push_back({&db, conn_});
}

Snapshot::~Snapshot() {
  if (conn_) unpin(db_, *conn_, done_);
}

void Snapshot::commit() {
  if (conn_) commit_pinned(*conn_, done_);
}

OuterTransaction::OuterTransaction(Database& db) : db_(db) {
  if (pin_of(&db)) throw Error::internal("an outer transaction cannot begin inside a snapshot or another one");
  conn_ = db.lease();
  conn_->begin(true);
  t_pins.push_back({&db, conn_, true});
}

OuterTransaction::~OuterTransaction() { unpin(db_, *conn_, done_); }

void OuterTransaction::commit() { commit_pinned(*conn_, done_); }

bool in_outer_transaction(const Database& db) {
  const Pin* pin = pin_of(&db);
  return pin && pin->outer;
}

std::optional<std::int64_t> Row::opt_i64(int column) const {
  return is_null(column) ? std::nullopt : std::optional(i64(column));
}
std::optional<double> Row::opt_f64(int column) const {
  return is_null(column) ? std::nullopt : std::optional(f64(column));
}
std::optional<std::string> Row::opt_text(int column) const {
  return is_null(column) ? std::nullopt : std::optional(text(column));
}

std::int64_t Connection::exec(std::string_view sql, Params params) {
  return run(sql, as_span(params), {});
}
std::int64_t Connection::exec(std::string_view sql, const std::vector<Param>& params) {
  return run(sql, params, {});
}
void Connection::query(std::string_view sql, Params params, const RowCallback& on_row) {
  run(sql, as_span(params), on_row);
}
void Connection::query(std::string_view sql, const std::vector<Param>& params,
                       const RowCallback& on_row) {
  run(sql, params, on_row);
}

std::optional<std::int64_t> Connection::query_i64(std::string_view sql, Params params) {
  std::optional<std::int64_t> out;
  run(sql, as_span(params), [&](const Row& r) {
    if (!out && !r.is_null(0)) out = r.i64(0);
  });
  return out;
}

std::optional<std::string> Connection::query_text(std::string_view sql, Params params) {
  std::optional<std::string> out;
  run(sql, as_span(params), [&](const Row& r) {
    if (!out && !r.is_null(0)) out = r.text(0);
  });
  return out;
}

std::string_view string_agg_function(std::string_view dialect) noexcept {
  return dialect == "postgresql" ? "string_agg" : "group_concat";
}

namespace {
constexpr std::string_view kJoinedSavepoint = "fitkit_joined";

bool is_outer_connection(const Connection& c) {
  return std::any_of(t_pins.begin(), t_pins.end(), [&](const Pin& p) { return p.outer && p.conn.get() == &c; });
}
}  // namespace

Transaction::Transaction(Connection& c, bool write) : c_(c) {
  if (is_outer_connection(c)) {
    c_.exec("SAVEPOINT " + std::string(kJoinedSavepoint));
    joined_ = true;
    queued_before_ = c_.after_commit_.size();
    return;
  }
  c_.begin(write);
}

Transaction::~Transaction() {
  if (!done_ && joined_) {
    if (c_.after_commit_.size() > queued_before_) c_.after_commit_.resize(queued_before_);
    try {
      c_.exec("ROLLBACK TO SAVEPOINT " + std::string(kJoinedSavepoint));
      c_.exec("RELEASE SAVEPOINT " + std::string(kJoinedSavepoint));
    } catch (...) {
      // The outer transaction rolls back as the failure goes up.
    }
    return;
  }
  if (!done_) {
    c_.end_of_transaction(false);
    try {
      c_.rollback();
    } catch (...) {
      // The connection reports its own failure on next use; a destructor must not throw.
    }
  }
}

void Transaction::commit() {
  if (joined_) {
    c_.exec("RELEASE SAVEPOINT " + std::string(kJoinedSavepoint));
    done_ = true;
    return;
  }
  c_.commit();
  done_ = true;
  c_.end_of_transaction(true);
}

void Connection::after_commit(std::function<void()> action) {
  if (in_transaction()) return after_commit_.push_back(std::move(action));
  try {
    action();
  } catch (...) {
    // The change is durable; what follows it is best effort.
  }
}

void Connection::end_of_transaction(bool committed) noexcept {
  auto actions = std::move(after_commit_);
  after_commit_.clear();
  if (!committed) return;
  for (auto& action : actions) {
    try {
      action();
    } catch (...) {
      // As in after_commit(): never undo or fail a committed change.
    }
  }
}

Savepoint::Savepoint(Connection& c) : c_(c), active_(c.in_transaction()) {
  if (active_) c_.exec("SAVEPOINT fitkit_savepoint");
}

Savepoint::~Savepoint() {
  if (active_ && !done_) {
    try {
      c_.exec("ROLLBACK TO SAVEPOINT fitkit_savepoint");
      c_.exec("RELEASE SAVEPOINT fitkit_savepoint");
    } catch (...) {
      // As for Transaction: the connection reports its own failure on next use.
    }
  }
}

void Savepoint::commit() {
  if (active_) c_.exec("RELEASE SAVEPOINT fitkit_savepoint");
  done_ = true;
}

std::string placeholders(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

}  // namespace fitkit::storage
