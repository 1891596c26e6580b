// What the FIT reader keeps of a definition message, and how it decodes one field of a data
// message: by the field's declared base type and the definition's byte order, with the
// profile's invalid values (0xFF…, 0x7F…, 0 for the z types) read as empty.
#pragma once

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <type_traits>

namespace fitkit::formats::fit {

// Where a field sits in a data message's content (the bytes after its header byte).
struct FieldRef {
  std::uint32_t offset = 0;
  std::uint8_t size = 0;
  std::uint8_t base = 0;  // the base type byte as the definition gives it
  bool present = false;
};

// The messages the reader maps; every other one is skipped by its size.
enum class Kind : std::uint8_t { other, file_id, device_info, record, event, lap, session };

// The mapped fields of each kind, an index into Definition::slots.
namespace record_slot {
enum : std::uint8_t {
  latitude, longitude, altitude, enhanced_altitude, heart_rate, cadence, fractional_cadence,
  distance, speed, enhanced_speed, power, temperature, compressed_speed_distance, count
};
}
namespace summary_slot {  // lap and session
enum : std::uint8_t {
  start_time, elapsed, timer, distance, calories, avg_speed, max_speed, enhanced_avg_speed,
  enhanced_max_speed, avg_heart_rate, max_heart_rate, avg_cadence, avg_power, max_power, ascent,
  descent, sport, sub_sport, count
};
}
namespace event_slot {
enum : std::uint8_t { event, event_type, count };
}
namespace device_slot {  // file_id and device_info
enum : std::uint8_t { device_index, manufacturer, product, serial_number, count };
}
inline constexpr std::size_t kMaxSlots = summary_slot::count;

struct Definition {
  bool defined = false;
  bool big_endian = false;
  Kind kind = Kind::other;
  std::uint16_t global = 0;
  std::uint32_t size = 0;  // bytes of a data message after its header byte, developer fields included
  FieldRef timestamp;      // field 253, in any message
  std::array<FieldRef, kMaxSlots> slots{};
};

// Decodes fields of one data message's content.
class FieldReader {
 public:
  FieldReader(const unsigned char* content, bool big_endian) noexcept
      : data_(content), swap_(big_endian != (std::endian::native == std::endian::big)) {}

  // An integer field's value, or empty: absent, invalid, not an integer type, or a size that
  // does not match its base type (an array or a misaligned field).
  std::optional<std::int64_t> integer(const FieldRef& f) const noexcept {
    if (!f.present) return std::nullopt;
    const unsigned type = f.base & 0x1Fu;
    if (type >= kBaseSizes.size() || f.size != kBaseSizes[type]) return std::nullopt;
    const unsigned char* p = data_ + f.offset;
    switch (type) {
      case 0x00:  // enum
      case 0x02:  // uint8
        return p[0] == 0xFF ? std::nullopt : std::optional<std::int64_t>(p[0]);
      case 0x0A:  // uint8z
        return p[0] == 0 ? std::nullopt : std::optional<std::int64_t>(p[0]);
      case 0x01:  // sint8
        return p[0] == 0x7F ? std::nullopt : std::optional<std::int64_t>(static_cast<std::int8_t>(p[0]));
      case 0x03: return valid_if(static_cast<std::int16_t>(load<std::uint16_t>(p)), 0x7FFF);
      case 0x04: return valid_if(load<std::uint16_t>(p), 0xFFFF);
      case 0x0B: return valid_unless_zero(load<std::uint16_t>(p));
      case 0x05: return valid_if(static_cast<std::int32_t>(load<std::uint32_t>(p)), 0x7FFFFFFF);
      case 0x06: return valid_if(load<std::uint32_t>(p), 0xFFFFFFFFu);
      case 0x0C: return valid_unless_zero(load<std::uint32_t>(p));
      case 0x0E: {
        const auto v = static_cast<std::int64_t>(load<std::uint64_t>(p));
        return v == INT64_MAX ? std::nullopt : std::optional<std::int64_t>(v);
      }
      case 0x0F:
      case 0x10: {
        const auto v = load<std::uint64_t>(p);
        if (v > static_cast<std::uint64_t>(INT64_MAX) || (type == 0x10 && v == 0)) return std::nullopt;
        return static_cast<std::int64_t>(v);
      }
      default: return std::nullopt;  // string, byte, float
    }
  }

  // A numeric field's value (integer or float), or empty as for integer().
  std::optional<double> number(const FieldRef& f) const noexcept {
    if (!f.present) return std::nullopt;
    const unsigned type = f.base & 0x1Fu;
    if (type == 0x08 && f.size == 4) {
      const auto bits = load<std::uint32_t>(data_ + f.offset);
      return finite(static_cast<double>(std::bit_cast<float>(bits)), bits == 0xFFFFFFFFu);
    }
    if (type == 0x09 && f.size == 8) {
      const auto bits = load<std::uint64_t>(data_ + f.offset);
      return finite(std::bit_cast<double>(bits), bits == ~std::uint64_t{0});
    }
    const auto v = integer(f);
    if (!v) return std::nullopt;
    return static_cast<double>(*v);
  }

  const unsigned char* bytes(const FieldRef& f) const noexcept { return data_ + f.offset; }

 private:
  // Sizes of the base types 0..16 (base type byte & 0x1F).
  static constexpr std::array<std::uint8_t, 17> kBaseSizes{1, 1, 1, 2, 2, 4, 4, 1, 4, 8, 1, 2, 4, 1, 8, 8, 8};

  template <class T>
  T load(const unsigned char* p) const noexcept {
    T v;
    std::memcpy(&v, p, sizeof v);
    if (swap_) {
      if constexpr (sizeof(T) == 2) v = __builtin_bswap16(v);
      if constexpr (sizeof(T) == 4) v = __builtin_bswap32(v);
      if constexpr (sizeof(T) == 8) v = __builtin_bswap64(v);
    }
    return v;
  }
  template <class T>
  static std::optional<std::int64_t> valid_if(T v, std::type_identity_t<T> invalid) noexcept {
    return v == invalid ? std::nullopt : std::optional<std::int64_t>(v);
  }
  template <class T>
  static std::optional<std::int64_t> valid_unless_zero(T v) noexcept {
    return v == 0 ? std::nullopt : std::optional<std::int64_t>(v);
  }
  static std::optional<double> finite(double v, bool invalid) noexcept {
    return invalid || !std::isfinite(v) ? std::nullopt : std::optional<double>(v);
  }

  const unsigned char* data_;
  bool swap_;
};

}  // namespace fitkit::formats::fit
