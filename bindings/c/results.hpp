// Memory the C API hands out: malloc'd, released with fitkit_free().
#pragma once

#include <string_view>

namespace fitkit::capi {

// A NUL-terminated malloc'd copy; throws std::bad_alloc.
char* copy_out(std::string_view text);

}  // namespace fitkit::capi
