// A problem with the command line itself (as opposed to an error of the
// library): printed as "fitctl: usage: …" with exit code 2.
#pragma once

#include <stdexcept>
#include <string>

namespace fitkit::cli {

class UsageError : public std::runtime_error {
 public:
  explicit UsageError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace fitkit::cli
