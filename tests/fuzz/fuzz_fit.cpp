// Fuzz target for FIT files: any input is read to its end or refused with a clear error; a
// crash, a read out of bounds, a hang or an internal error is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fitkit/error.hpp"
#include "formats/activity.hpp"
#include "formats/byte_source.hpp"
#include "formats/fit_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fitkit::formats::MemorySource in(std::string_view(reinterpret_cast<const char*>(data), size));
  fitkit::formats::ActivitySink ignore;  // every member does nothing
  try {
    fitkit::formats::read_fit(in, ignore);
  } catch (const fitkit::Error& e) {
    // A clear refusal is the expected answer to bad input; anything else escapes and fails.
    if (e.code() == fitkit::ErrorCode::internal) __builtin_trap();
  }
  return 0;
}
