// Fuzz target for GPX: any bytes are read to the end or refused with invalid_argument; what
// is read keeps the reader's promises (coordinates in range) and does not depend on how the
// input is cut into pieces.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "formats/gpx_reader.hpp"
#include "xml_fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fitkit::fuzz::check_xml_reader(std::string_view(reinterpret_cast<const char*>(data), size),
                                 &fitkit::formats::read_gpx);
  return 0;
}
