// Thread-local last error of the C API, and its accessors.
#include "last_error.hpp"

#include <string>

namespace fitkit::capi {
namespace {

struct LastError {
  int code = FITKIT_OK;
  std::string message;
  std::string field;
  std::int64_t retry_after_ms = 0;
  // Set when the message itself could not be stored (out of memory).
  const char* fixed_message = nullptr;
};

LastError& last_error() noexcept {
  thread_local LastError error;
  return error;
}

}  // namespace

void clear_last_error() noexcept {
  LastError& e = last_error();
  e.code = FITKIT_OK;
  e.message.clear();
  e.field.clear();
  e.retry_after_ms = 0;
  e.fixed_message = nullptr;
}

int set_last_error(int code, std::string_view message, std::string_view field, std::int64_t retry_after_ms) noexcept {
  LastError& e = last_error();
  clear_last_error();
  e.code = code;
  e.retry_after_ms = retry_after_ms;
  try {
    e.message.assign(message);
    e.field.assign(field);
  } catch (...) {
    e.message.clear();
    e.field.clear();
    e.fixed_message = "out of memory (the message of the failure was lost)";
  }
  return code;
}

int code_of(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::invalid_argument: return FITKIT_EINVALID;
    case ErrorCode::not_found: return FITKIT_ENOTFOUND;
    case ErrorCode::already_exists: return FITKIT_EEXISTS;
    case ErrorCode::conflict: return FITKIT_ECONFLICT;
    case ErrorCode::permission_denied: return FITKIT_EPERM;
    case ErrorCode::unauthenticated: return FITKIT_EUNAUTH;
    case ErrorCode::failed_precondition: return FITKIT_EPRECONDITION;
    case ErrorCode::rate_limited: return FITKIT_ERATELIMITED;
    case ErrorCode::unavailable: return FITKIT_EUNAVAILABLE;
    case ErrorCode::internal: return FITKIT_EINTERNAL;
  }
  return FITKIT_EINTERNAL;
}

int set_last_error(const Error& e) noexcept {
  return set_last_error(code_of(e.code()), e.what(), e.field(), e.retry_after_ms());
}

void require(const void* argument, std::string_view name) {
  if (!argument) throw Error::invalid("", std::string(name) + " must not be NULL");
}

}  // namespace fitkit::capi

extern "C" {

const char* fitkit_last_error(void) {
  const auto& e = fitkit::capi::last_error();
  return e.fixed_message ? e.fixed_message : e.message.c_str();
}

int fitkit_last_error_code(void) { return fitkit::capi::last_error().code; }

const char* fitkit_last_error_field(void) { return fitkit::capi::last_error().field.c_str(); }

long long fitkit_last_error_retry_after_ms(void) { return fitkit::capi::last_error().retry_after_ms; }

}  // extern "C"
