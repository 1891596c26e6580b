// The C API's error discipline: every entry point runs its body through
// guarded(), which clears this thread's last error, catches everything and
// turns it into a FITKIT_E... code and a message.
#pragma once

#include <cstdint>
#include <new>
#include <string_view>

#include "fitkit/error.hpp"
#include "fitkit/fitkit.h"

namespace fitkit::capi {

void clear_last_error() noexcept;
// Records the failure for fitkit_last_error() and friends; returns its code.
int set_last_error(int code, std::string_view message, std::string_view field = {},
                   std::int64_t retry_after_ms = 0) noexcept;
int set_last_error(const Error& e) noexcept;
int code_of(ErrorCode code) noexcept;

// Runs `body`; 0 when it returns, else the code of what it threw. No exception leaves.
template <class Body>
int guarded(Body&& body) noexcept {
  clear_last_error();
  try {
    body();
    return FITKIT_OK;
  } catch (const Error& e) {
    return set_last_error(e);
  } catch (const std::bad_alloc&) {
    return set_last_error(FITKIT_EINTERNAL, "out of memory");
  } catch (const std::exception& e) {
    return set_last_error(FITKIT_EINTERNAL, e.what());
  } catch (...) {
    return set_last_error(FITKIT_EINTERNAL, "an unknown failure inside fitkit");
  }
}

// Refuses a NULL argument with a message that names it.
void require(const void* argument, std::string_view name);

}  // namespace fitkit::capi
