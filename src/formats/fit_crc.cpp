#include "formats/fit_crc.hpp"

#include <array>

namespace fitkit::formats::fit {
namespace {

// Eight bytes at a time ("slicing by 8"): table k gives the effect of a byte followed by k zero bytes.
constexpr std::array<std::array<std::uint16_t, 256>, 8> make_crc_tables() {
  std::array<std::array<std::uint16_t, 256>, 8> t{};
  for (unsigned i = 0; i < 256; ++i) {
    std::uint16_t c = static_cast<std::uint16_t>(i);
    for (int bit = 0; bit < 8; ++bit) c = (c & 1) ? static_cast<std::uint16_t>((c >> 1) ^ 0xA001) : c >> 1;
    t[0][i] = c;
  }
  for (std::size_t k = 1; k < 8; ++k)
    for (unsigned i = 0; i < 256; ++i)
      t[k][i] = static_cast<std::uint16_t>((t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xFF]);
  return t;
}
constexpr auto kCrc = make_crc_tables();

}  // namespace

std::uint16_t crc16(std::uint16_t crc, const unsigned char* p, std::size_t n) noexcept {
  for (; n >= 8; n -= 8, p += 8)
    crc = static_cast<std::uint16_t>(kCrc[7][p[0] ^ (crc & 0xFF)] ^ kCrc[6][p[1] ^ (crc >> 8)] ^
                                     kCrc[5][p[2]] ^ kCrc[4][p[3]] ^ kCrc[3][p[4]] ^ kCrc[2][p[5]] ^
                                     kCrc[1][p[6]] ^ kCrc[0][p[7]]);
  for (; n > 0; --n, ++p) crc = static_cast<std::uint16_t>((crc >> 8) ^ kCrc[0][(crc ^ *p) & 0xFF]);
  return crc;
}

}  // namespace fitkit::formats::fit
