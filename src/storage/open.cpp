#include "fitkit/error.hpp"
#include "fitkit/storage.hpp"
#include "storage/postgres/postgres_database.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace fitkit::storage {

std::unique_ptr<Database> open_database(std::string_view url) {
  if (url.starts_with("sqlite:")) return open_sqlite(std::string(url.substr(7)));
  if (url.starts_with("postgresql://") || url.starts_with("postgres://"))
    return open_postgres(std::string(url));
  // Masked: a mistyped scheme must not put a password into the message.
  throw Error::invalid("db", "unknown database URL '" + mask_postgres_password(url) +
                                 "': use sqlite:PATH, sqlite::memory: or postgresql://…");
}

}  // namespace fitkit::storage
