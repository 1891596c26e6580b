#include "http/problem.hpp"

#include <cstdio>
#include <new>

#include <nlohmann/json.hpp>

namespace fitkit::http {

int status_of(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::invalid_argument: return 400;
    case ErrorCode::unauthenticated: return 401;
    case ErrorCode::permission_denied: return 403;
    case ErrorCode::not_found: return 404;
    case ErrorCode::already_exists: return 409;
    case ErrorCode::conflict: return 409;
    case ErrorCode::failed_precondition: return 422;
    case ErrorCode::rate_limited: return 429;
    case ErrorCode::unavailable: return 503;
    case ErrorCode::internal: return 500;
  }
  return 500;
}

namespace {

// "method_not_allowed" -> "Method not allowed": the title follows the type.
std::string title_of(std::string_view code) {
  std::string title(code);
  for (char& c : title)
    if (c == '_') c = ' ';
  if (!title.empty() && title[0] >= 'a' && title[0] <= 'z') title[0] = static_cast<char>(title[0] - 'a' + 'A');
  return title;
}

constexpr std::string_view kInternalDetail =
    "the server could not complete the request; try again, and report it if it persists";

// The last resort when even building a problem fails (out of memory).
const char* const kFallbackBody =
    R"({"type":"urn:fitkit:problem:internal","title":"Internal","status":500,)"
    R"("detail":"the server could not complete the request","code":"internal"})";

}  // namespace

std::string problem_body(int status, std::string_view code, std::string_view detail, std::string_view field) {
  nlohmann::ordered_json doc{
      {"type", "urn:fitkit:problem:" + std::string(code)},
      {"title", title_of(code)},
      {"status", status},
      {"detail", detail},
      {"code", code},
  };
  if (!field.empty()) doc["field"] = field;
  // Messages may quote user input that is not valid UTF-8: replace, never throw.
  return doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Problem http_problem(int status, std::string_view code, std::string_view detail, std::string_view field) {
  return Problem{status, problem_body(status, code, detail, field)};
}

Problem problem_from(const Error& error) {
  const int status = status_of(error.code());
  const std::string_view code = to_string(error.code());
  if (error.code() == ErrorCode::internal) {
    std::fprintf(stderr, "fitkit http: internal error: %s\n", error.what());
    return http_problem(status, code, kInternalDetail);
  }
  Problem p = http_problem(status, code, error.what(), error.field());
  if (error.code() == ErrorCode::rate_limited)
    p.retry_after_s = error.retry_after_ms() <= 0 ? 1 : (error.retry_after_ms() + 999) / 1000;
  return p;
}

Problem problem_from_current_exception() noexcept {
  try {
    try {
      throw;
    } catch (const HttpError& e) {
      return e.problem;
    } catch (const Error& e) {
      return problem_from(e);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "fitkit http: unexpected error: %s\n", e.what());
      return http_problem(500, "internal", kInternalDetail);
    } catch (...) {
      std::fprintf(stderr, "fitkit http: unexpected error of an unknown type\n");
      return http_problem(500, "internal", kInternalDetail);
    }
  } catch (...) {
    Problem p;
    try {
      p.body = kFallbackBody;
    } catch (...) {
    }
    return p;
  }
}

}  // namespace fitkit::http
