// Results handed to the caller, and the one function that frees them.
#include "results.hpp"

#include <cstdlib>
#include <cstring>
#include <new>

#include "fitkit/fitkit.h"

namespace fitkit::capi {

char* copy_out(std::string_view text) {
  auto* out = static_cast<char*>(std::malloc(text.size() + 1));
  if (!out) throw std::bad_alloc();
  if (!text.empty()) std::memcpy(out, text.data(), text.size());
  out[text.size()] = '\0';
  return out;
}

}  // namespace fitkit::capi

extern "C" void fitkit_free(void* memory) { std::free(memory); }
