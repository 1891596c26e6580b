// Entity tags (RFC 9110 section 8.8.3) of JSON answers, and the If-None-Match and
// If-Match conditions over them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fitkit::http {

// A strong tag of a representation: "\"" + base64url(SHA-256(body))[:22] + "\"" (132 bits).
std::string strong_etag(std::string_view body);

// If-None-Match on a GET: true when the header names `etag` (weak comparison: W/ is
// ignored on both sides) or is "*"; then the answer is 304. A malformed list matches nothing.
bool none_match_fails(std::string_view if_none_match, std::string_view etag);

// If-Match: true when the condition holds: "*" and a representation exists, or one of the
// listed tags equals `current` by strong comparison (a weak tag never matches).
// `current` is nullopt when there is no current representation.
bool if_match_holds(std::string_view if_match, const std::optional<std::string>& current);

}  // namespace fitkit::http
