#include "exit_codes.hpp"

#include <array>

namespace fitkit::cli {
namespace {

constexpr std::array<ExitCodeInfo, 9> kTable{{
    {kExitOk, "ok", "success (an empty list is a success too)"},
    {kExitError, "error", "internal or unavailable: anything unexpected; retrying may help"},
    {kExitUsage, "usage", "bad command line, unknown option or invalid_argument: fix the input"},
    {kExitNotFound, "not_found", "the operation, user or object does not exist"},
    {kExitPermissionDenied, "permission_denied", "signed in, but not allowed to do this"},
    {kExitUnauthenticated, "unauthenticated", "sign in first, or the token or password is wrong"},
    {kExitAlreadyExists, "already_exists", "the object exists already"},
    {kExitConflict, "conflict", "conflict or failed_precondition: the state does not allow it now"},
    {kExitRateLimited, "rate_limited", "too many attempts: wait and retry"},
}};

}  // namespace

std::span<const ExitCodeInfo> exit_code_table() noexcept { return kTable; }

int exit_code_for(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::invalid_argument: return kExitUsage;
    case ErrorCode::not_found: return kExitNotFound;
    case ErrorCode::permission_denied: return kExitPermissionDenied;
    case ErrorCode::unauthenticated: return kExitUnauthenticated;
    case ErrorCode::already_exists: return kExitAlreadyExists;
    case ErrorCode::conflict:
    case ErrorCode::failed_precondition: return kExitConflict;
    case ErrorCode::rate_limited: return kExitRateLimited;
    case ErrorCode::unavailable:
    case ErrorCode::internal: return kExitError;
  }
  return kExitError;
}

int exit_code_for_cli11(int cli11_code) noexcept {
  if (cli11_code == 0) return kExitOk;  // --help and --version
  return kExitUsage;
}

}  // namespace fitkit::cli
