// The JSON parameters of a request: from the query string (GET, DELETE) or a
// JSON object body (POST, PUT, PATCH), with the path parameters merged in.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/registry.hpp"

namespace fitkit::http {

// Text from a query string or a path segment (already decoded) as the JSON type
// its spec asks for: "42" -> 42 for an integer, "a,b" -> ["a","b"] for an array.
// A name the operation does not know stays a string (the registry refuses it).
// Throws Error(invalid_argument) naming the field.
api::Json text_to_param(const api::Operation& op, std::string_view name, std::string text);

// Throws Error(invalid_argument) for bad input, HttpError(415) for a body that
// is not application/json.
// `header` gives a request header's value by name ("" when absent), for parameters that say
// they come from one.
api::Json request_params(const api::Operation& op,
                         const std::vector<std::pair<std::string_view, std::string_view>>& path_params,
                         std::string_view query, std::string_view content_type, std::string_view body,
                         const std::function<std::string_view(std::string_view)>& header = {});

// True for "application/json" with any parameters ("; charset=utf-8"), in any case.
bool is_json_media_type(std::string_view content_type) noexcept;

}  // namespace fitkit::http
