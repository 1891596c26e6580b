// The one exception type of fitkit, with a closed set of codes.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace fitkit {

// Each front-end maps these once: HTTP status, CLI exit code, C API return code.
enum class ErrorCode {
  invalid_argument,
  not_found,
  already_exists,
  conflict,
  permission_denied,
  unauthenticated,
  failed_precondition,
  rate_limited,
  unavailable,
  internal,
};

std::string_view to_string(ErrorCode code) noexcept;
std::optional<ErrorCode> error_code_from_string(std::string_view name) noexcept;

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, std::string message, std::string field = {});

  ErrorCode code() const noexcept { return code_; }
  // The offending parameter, when there is one ("email", "password").
  const std::string& field() const noexcept { return field_; }
  // For rate_limited: how long the caller should wait, in milliseconds.
  std::int64_t retry_after_ms() const noexcept { return retry_after_ms_; }

  static Error invalid(std::string field, std::string message);
  static Error not_found(std::string message);
  static Error already_exists(std::string message, std::string field = {});
  static Error conflict(std::string message);
  static Error permission_denied(std::string message = "you may not do this");
  static Error unauthenticated(std::string message = "sign in first");
  static Error precondition(std::string message, std::string field = {});
  static Error rate_limited(std::string message, std::int64_t retry_after_ms);
  static Error unavailable(std::string message);
  static Error internal(std::string message);

 private:
  ErrorCode code_;
  std::string field_;
  std::int64_t retry_after_ms_ = 0;
};

}  // namespace fitkit
