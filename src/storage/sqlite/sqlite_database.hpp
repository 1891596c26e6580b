// The SQLite driver of the storage port.
#pragma once

#include <memory>
#include <string>

#include "fitkit/storage.hpp"

namespace fitkit::storage {

// `path` is a file name or ":memory:". A file database keeps one connection per
// thread that uses it at once (WAL lets readers run beside the one writer);
// an in-memory database has a single connection that callers take in turn.
std::unique_ptr<Database> open_sqlite(const std::string& path);

}  // namespace fitkit::storage
