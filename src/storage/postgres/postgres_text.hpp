// The text of the PostgreSQL driver: its URLs and the rewriting of placeholders.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace fitkit::storage {

// A postgresql:// URL taken apart: what goes to libpq, and what the driver keeps.
struct ParsedUrl {
  std::string conninfo;  // for libpq: the URL without pool_size
  std::string password;
  int pool_size = 8;  // the default
};
// Throws Error::invalid("db") for a pool_size that is not a whole number from 1 to 1000.
ParsedUrl parse_url(const std::string& url);

// The URL with the password (in the authority or as ?password=) replaced by "***".
std::string mask_postgres_password(std::string_view url);

// Rewrites `?` placeholders to $1..$n, leaving string literals, quoted names and comments alone.
// Returns the rewritten SQL and the number of placeholders.
std::pair<std::string, int> rewrite_placeholders(std::string_view sql);

}  // namespace fitkit::storage
