// Fuzz target for gzip input (.gpx.gz, .fit.gz): inflated with a cap on the output, every
// damaged stream a clear refusal.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fitkit/error.hpp"
#include "formats/byte_source.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fitkit::formats::MemorySource packed(std::string_view(reinterpret_cast<const char*>(data), size));
  fitkit::formats::GzipSource in(packed, 1 << 20);
  char buf[4096];
  try {
    while (in.read(buf, sizeof buf) > 0) {
    }
  } catch (const fitkit::Error& e) {
    // A clear refusal is the expected answer to bad input; anything else escapes and fails.
    if (e.code() == fitkit::ErrorCode::internal) __builtin_trap();
  }
  return 0;
}
