// Errors as RFC 9457 problem documents: the one place where a fitkit error
// code becomes an HTTP status.
#pragma once

#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <utility>

#include "fitkit/error.hpp"

namespace fitkit::http {

// What an error turns into on the wire.
struct Problem {
  int status = 500;
  std::string body;                 // application/problem+json
  std::int64_t retry_after_s = 0;   // > 0: send Retry-After
  bool invalid_token = false;       // a bearer token was refused
};

// Thrown by the HTTP layer for what is not a fitkit error (405, 413, 415, ...).
class HttpError : public std::exception {
 public:
  explicit HttpError(Problem p) : problem(std::move(p)) {}
  const char* what() const noexcept override { return "HTTP error"; }
  Problem problem;
};

// The HTTP status of each fitkit error code.
int status_of(ErrorCode code) noexcept;

// A problem document. `code` names the problem type (urn:fitkit:problem:<code>);
// for fitkit errors it is the ErrorCode's name.
std::string problem_body(int status, std::string_view code, std::string_view detail,
                         std::string_view field = {});

// A fitkit error as a problem; internal errors keep their message to themselves.
Problem problem_from(const Error& error);

// Whatever was thrown, as a problem: fitkit::Error as above, anything else a 500.
Problem problem_from_current_exception() noexcept;

// A problem raised by the HTTP layer itself (405, 413, 415, 431, ...).
Problem http_problem(int status, std::string_view code, std::string_view detail,
                     std::string_view field = {});

}  // namespace fitkit::http
