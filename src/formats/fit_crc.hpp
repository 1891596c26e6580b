// The CRC-16 of FIT files (the FIT SDK's: polynomial 0x8005 reflected, initial value 0), over
// the file header's first 12 bytes and over a whole file; shared by the reader and the writers.
#pragma once

#include <cstddef>
#include <cstdint>

namespace fitkit::formats::fit {

// Continues `crc` over `n` bytes; start a new one with 0.
std::uint16_t crc16(std::uint16_t crc, const unsigned char* p, std::size_t n) noexcept;

}  // namespace fitkit::formats::fit
