// Request ids: the client's X-Request-Id when it is safe to echo, else a new random one.
// The id ties an answer, its problem document and its access-log line together.
#pragma once

#include <string>
#include <string_view>

namespace fitkit::http {

// 1 to 128 characters of [A-Za-z0-9._-]: safe in a header, a log line and JSON as it is.
bool is_valid_request_id(std::string_view id) noexcept;

// `offered` when valid, else 32 random hex digits (16 bytes).
std::string request_id_for(std::string_view offered);

}  // namespace fitkit::http
