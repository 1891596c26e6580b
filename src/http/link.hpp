// The Link header of a page of a list (RFC 8288): the same path and query with the
// cursor parameter replaced by the page's next_cursor.
#pragma once

#include <string>
#include <string_view>

namespace fitkit::http {

// `<PATH?QUERY&cursor=NEXT>; rel="next"` for the request's raw `path` and `query`: every
// other query parameter kept in its order, every byte that could end the URI reference or
// the header (space, <, >, ", control bytes, non-ASCII) percent-encoded.
std::string next_page_link(std::string_view path, std::string_view query, std::string_view next_cursor,
                           std::string_view cursor_param = "cursor");

}  // namespace fitkit::http
