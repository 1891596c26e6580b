#include "fitkit/error.hpp"
#include "fitkit/storage.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace fitkit::storage {

std::unique_ptr<Database> open_database(std::string_view url) {
  if (url.starts_with("sqlite:")) return open_sqlite(std::string(url.substr(7)));
  if (url.starts_with("postgresql://") || url.starts_with("postgres://"))
    throw Error::invalid("db", "this build has no PostgreSQL driver");
  throw Error::invalid("db", "unknown database URL '" + std::string(url) +
                                 "': use sqlite:PATH, sqlite::memory: or postgresql://…");
}

}  // namespace fitkit::storage
