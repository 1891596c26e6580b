// The driver-independent parts of the storage port.
#include "fitkit/storage.hpp"

#include <algorithm>

namespace fitkit::storage {
namespace {

std::span<const Param> as_span(Params params) { return {params.begin(), params.size()}; }

// The connections of this thread's open snapshots, one per database.
struct Pin {
  const Database* db;
  std::shared_ptr<Connection> conn;
};
thread_local std::vector<Pin> t_pins;

Pin* pin_of(const Database* db) {
  auto it = std::find_if(t_pins.begin(), t_pins.end(), [&](const Pin& p) { return p.db == db; });
  return it == t_pins.end() ? nullptr : &*it;
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
  if (!conn_) return;
  std::erase_if(t_pins, [&](const Pin& p) { return p.db == &db_; });
  if (done_) return;
  try {
    conn_->rollback();
  } catch (...) {
    // The lease's return rolls back again or drops a broken connection.
  }
}

void Snapshot::commit() {
  if (!conn_ || done_) return;
  conn_->commit();
  done_ = true;
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

Transaction::~Transaction() {
  if (!done_) {
    try {
      c_.rollback();
    } catch (...) {
      // The connection reports its own failure on next use; a destructor must not throw.
    }
  }
}

void Transaction::commit() {
  c_.commit();
  done_ = true;
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

}  // namespace fitkit::storage
