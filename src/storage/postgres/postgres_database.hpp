// The PostgreSQL driver of the storage port (libpq).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "fitkit/storage.hpp"
#include "storage/postgres/postgres_text.hpp"

namespace fitkit::storage {

// `url` is "postgresql://user[:password]@host[:port]/db[?param=value&...]"; every parameter
// but pool_size goes to libpq as written (sslmode, connect_timeout, ...). pool_size=N
// (default 8) caps the connections kept open; a lease waits while all are out.
//
// Transactions: a write transaction is SERIALIZABLE, so code written against SQLite's single
// writer stays correct; a read transaction (a Snapshot) is REPEATABLE READ, one state as of its
// first statement. A serialization failure or a deadlock (SQLSTATE 40001, 40P01) is thrown as
// Error::unavailable; the caller runs the whole transaction again, as it does for a busy SQLite.
// Unlike SQLite, a failed statement aborts the transaction it runs in: only rollback follows.
std::unique_ptr<Database> open_postgres(const std::string& url);

}  // namespace fitkit::storage
