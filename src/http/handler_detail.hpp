// What handler.cpp and handler_write.cpp share; not for other files.
#pragma once

#include <string>
#include <string_view>

#include "http/handler.hpp"
#include "http/problem.hpp"

namespace fitkit::http {

inline constexpr std::string_view kJsonType = "application/json";
inline constexpr std::string_view kProblemType = "application/problem+json";

struct Handler::Exchange {
  std::string request_id;
  std::string client;   // "usr_…" for a signed-in caller, else "ip:ADDRESS"
  std::string user_id;  // "usr_…" or empty, for the access log
  bool preflight = false;
};

// Turns the response into the problem, keeping the header fields set so far.
void set_problem(Response& out, Problem p);

// An operation's result as the body of an answer; bytes that are not UTF-8 are replaced.
std::string json_text(const api::Json& result);

}  // namespace fitkit::http
