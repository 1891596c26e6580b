// The PostgreSQL driver of the storage port (libpq).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "fitkit/storage.hpp"

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

// The URL with the password (in the authority or as ?password=) replaced by "***".
std::string mask_postgres_password(std::string_view url);

// Rewrites `?` placeholders to $1..$n, leaving string literals, quoted names and comments alone.
// Returns the rewritten SQL and the number of placeholders.
std::pair<std::string, int> rewrite_placeholders(std::string_view sql);

}  // namespace fitkit::storage
