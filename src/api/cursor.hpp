// Page cursors and the paging parameters every list operation takes.
//
// A cursor is opaque to callers and, to us, a position in one list's order: the
// sort key of the last item of a page. It is base64url (no padding) of
//   version (1 byte, 1) | list name (length byte, ASCII) | keys... | check (4 bytes)
// where each key is 'i' and 8 bytes big-endian (an integer) or 's', a length
// byte and the bytes (text), and the check is the start of the SHA-256 of what
// precedes it. Decoding checks every byte, so that a cursor cut short, altered,
// made up or taken from another list is invalid_argument naming "cursor", never
// a database error. A cursor is not a secret and grants nothing: the list's
// filters and permission checks apply to every page.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/registry.hpp"
#include "fitkit/page.hpp"

namespace fitkit::api {

class CursorWriter {
 public:
  explicit CursorWriter(std::string_view list);
  CursorWriter& integer(std::int64_t value);
  CursorWriter& text(std::string_view value);  // at most 255 bytes
  std::string finish() const;

 private:
  std::string bytes_;
};

// Reads the keys in the order they were written; finish() checks that none is left.
class CursorReader {
 public:
  CursorReader(std::string_view list, std::string_view cursor);
  std::int64_t integer();
  std::string text();
  void finish() const;

 private:
  [[noreturn]] void refuse() const;
  std::string list_;
  std::string bytes_;
  std::size_t pos_ = 0;
};

// The common case, a list in the order of one id: its cursor, and the id a cursor holds.
std::string id_cursor(std::string_view list, std::int64_t id);
std::optional<std::int64_t> id_position(std::string_view list, const std::optional<std::string>& cursor);

// "cursor" and "limit", to add to a list operation's parameters.
std::vector<ParamSpec> paging_params(std::vector<ParamSpec> others = {});

struct PageRequest {
  std::optional<std::string> cursor;
  int limit = kPageLimitDefault;
};

// The paging parameters' values; limit is range-checked (1 to kPageLimitMax) without ever
// wrapping: 2^32 + 1 and 2^64 - 1 are too large, not 1 and -1.
PageRequest page_request(const Json& p);

}  // namespace fitkit::api
