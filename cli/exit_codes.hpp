// fitctl's exit codes: one table, printed by `fitctl help exit-codes` and
// documented in docs/exit-codes.md. Scripts branch on these numbers.
#pragma once

#include <span>
#include <string_view>

#include "fitkit/error.hpp"

namespace fitkit::cli {

enum ExitCode : int {
  kExitOk = 0,
  kExitError = 1,  // internal, unavailable, anything unexpected
  kExitUsage = 2,  // bad command line or invalid_argument
  kExitNotFound = 3,
  kExitPermissionDenied = 4,
  kExitUnauthenticated = 5,
  kExitAlreadyExists = 6,
  kExitConflict = 7,  // conflict or failed_precondition
  kExitRateLimited = 8,
};

struct ExitCodeInfo {
  int code;
  std::string_view name;     // "not_found"
  std::string_view meaning;  // one line for people
};

// Every exit code fitctl uses, in numeric order.
std::span<const ExitCodeInfo> exit_code_table() noexcept;

// The exit code for an error of the library.
int exit_code_for(ErrorCode code) noexcept;

// CLI11 reports parse problems with its own codes (100-127); they all mean usage.
int exit_code_for_cli11(int cli11_code) noexcept;

}  // namespace fitkit::cli
