#include "fitkit/error.hpp"

#include <array>
#include <utility>

namespace fitkit {
namespace {
constexpr std::array<std::pair<ErrorCode, std::string_view>, 10> kNames{{
    {ErrorCode::invalid_argument, "invalid_argument"},
    {ErrorCode::not_found, "not_found"},
    {ErrorCode::already_exists, "already_exists"},
    {ErrorCode::conflict, "conflict"},
    {ErrorCode::permission_denied, "permission_denied"},
    {ErrorCode::unauthenticated, "unauthenticated"},
    {ErrorCode::failed_precondition, "failed_precondition"},
    {ErrorCode::rate_limited, "rate_limited"},
    {ErrorCode::unavailable, "unavailable"},
    {ErrorCode::internal, "internal"},
}};
}  // namespace

std::string_view to_string(ErrorCode code) noexcept {
  for (const auto& [c, name] : kNames)
    if (c == code) return name;
  return "internal";
}

std::optional<ErrorCode> error_code_from_string(std::string_view name) noexcept {
  for (const auto& [c, n] : kNames)
    if (n == name) return c;
  return std::nullopt;
}

Error::Error(ErrorCode code, std::string message, std::string field)
    : std::runtime_error(std::move(message)), code_(code), field_(std::move(field)) {}

Error Error::invalid(std::string field, std::string message) {
  return Error(ErrorCode::invalid_argument, std::move(message), std::move(field));
}
Error Error::not_found(std::string message) { return Error(ErrorCode::not_found, std::move(message)); }
Error Error::already_exists(std::string message, std::string field) {
  return Error(ErrorCode::already_exists, std::move(message), std::move(field));
}
Error Error::conflict(std::string message) { return Error(ErrorCode::conflict, std::move(message)); }
Error Error::permission_denied(std::string message) {
  return Error(ErrorCode::permission_denied, std::move(message));
}
Error Error::unauthenticated(std::string message) {
  return Error(ErrorCode::unauthenticated, std::move(message));
}
Error Error::precondition(std::string message, std::string field) {
  return Error(ErrorCode::failed_precondition, std::move(message), std::move(field));
}
Error Error::rate_limited(std::string message, std::int64_t retry_after_ms) {
  Error e(ErrorCode::rate_limited, std::move(message));
  e.retry_after_ms_ = retry_after_ms;
  return e;
}
Error Error::unavailable(std::string message) { return Error(ErrorCode::unavailable, std::move(message)); }
Error Error::internal(std::string message) { return Error(ErrorCode::internal, std::move(message)); }

}  // namespace fitkit
