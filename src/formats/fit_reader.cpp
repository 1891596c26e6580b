// The framing of FIT: file headers, definition and data messages, compressed time stamps,
// developer fields, the CRCs and chained files. What the mapped messages mean is
// fit_messages.cpp's.
#include "formats/fit_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <optional>
#include <string>

#include "fitkit/error.hpp"
#include "formats/fit_crc.hpp"
#include "formats/fit_fields.hpp"
#include "formats/fit_messages.hpp"
#include "formats/fit_profile.hpp"

namespace fitkit::formats {
namespace {

using fit::Definition;
using fit::FieldReader;

using fit::crc16;  // formats/fit_crc.cpp

std::uint16_t le16(const unsigned char* p) { return static_cast<std::uint16_t>(p[0] | (p[1] << 8)); }
std::uint16_t be16(const unsigned char* p) { return static_cast<std::uint16_t>((p[0] << 8) | p[1]); }
std::uint32_t le32(const unsigned char* p) {
  return p[0] | (std::uint32_t{p[1]} << 8) | (std::uint32_t{p[2]} << 16) | (std::uint32_t{p[3]} << 24);
}

// The largest message: a header byte, then 255 fields and 255 developer fields of 255 bytes.
constexpr std::size_t kMaxMessage = 1 + 2 * 255 * 255;
constexpr std::size_t kBufferSize = 256 * 1024;
static_assert(kBufferSize >= kMaxMessage);

[[noreturn]] void fail(const std::string& message) { throw Error::invalid("file", "FIT: " + message); }

class Reader {
 public:
  Reader(ByteSource& in, ActivitySink& out)
      : in_(in), mapper_(out), buf_(std::make_unique_for_overwrite<unsigned char[]>(kBufferSize)) {}

  void run() {
    if (!fill(1)) fail("the input is empty");
    do read_file();
    while (fill(1));  // another FIT file chained after this one
  }

 private:
  std::uint64_t offset() const { return base_ + pos_; }

  // Makes `n` bytes from pos_ available, reading more input; false when the input ends first.
  bool fill(std::size_t n) {
    if (end_ - pos_ >= n) return true;
    if (eof_) return false;
    flush_crc();
    const std::size_t kept = end_ - pos_;
    std::memmove(buf_.get(), buf_.get() + pos_, kept);
    base_ += pos_;
    pos_ = crc_pos_ = 0;
    end_ = kept;
    while (end_ < n && !eof_) {
      const std::size_t room = kBufferSize - end_;
      const std::size_t got = in_.read(reinterpret_cast<char*>(buf_.get() + end_), room);
      if (got == 0) eof_ = true;
      end_ += std::min(got, room);
    }
    return end_ >= n;
  }

  // The file CRC runs over every byte consumed since the file's header began.
  void flush_crc() {
    crc_ = crc16(crc_, buf_.get() + crc_pos_, pos_ - crc_pos_);
    crc_pos_ = pos_;
  }

  // The first `n` bytes of the message that starts at pos_, all inside the file's data.
  const unsigned char* need(std::size_t n, std::uint64_t data_end, const char* what) {
    if (offset() + n > data_end)
      fail(fmt::format("the {} at byte {} runs past the end of the data at byte {}", what, offset(), data_end));
    if (!fill(n)) fail(fmt::format("the file ends inside the {} at byte {} (truncated)", what, offset()));
    return buf_.get() + pos_;
  }

  void read_file() {
    const std::uint64_t start = offset();
    crc_ = 0;
    crc_pos_ = pos_;
    if (!fill(12)) fail(fmt::format("the file ends inside the file header at byte {}", start));
    const unsigned char* h = buf_.get() + pos_;
    if (std::memcmp(h + 8, ".FIT", 4) != 0)
      fail(fmt::format("no \".FIT\" signature in the file header at byte {}", start));
    const unsigned header_size = h[0];
    if (header_size < 12 || header_size == 13)
      fail(fmt::format("bad file header size {} at byte {}", header_size, start));
    if (!fill(header_size)) fail(fmt::format("the file ends inside the file header at byte {}", start));
    h = buf_.get() + pos_;
    const std::uint32_t data_size = le32(h + 4);
    if (header_size >= 14) {  // a header CRC of 0 means none was computed
      const std::uint16_t stored = le16(h + 12), computed = crc16(0, h, 12);
      if (stored != 0 && stored != computed)
        fail(fmt::format("file header CRC mismatch at byte {} (computed 0x{:04x}, stored 0x{:04x})", start,
                         computed, stored));
    }
    pos_ += header_size;
    const std::uint64_t data_end = offset() + data_size;

    for (auto& d : defs_) d.defined = false;
    last_time_ = 0;
    mapper_.start_file();
    while (offset() < data_end) read_message(data_end);

    flush_crc();
    const std::uint64_t crc_at = offset();
    if (!fill(2)) fail(fmt::format("the file ends before its CRC at byte {} (truncated)", crc_at));
    const std::uint16_t stored = le16(buf_.get() + pos_);
    if (stored != crc_)
      fail(fmt::format("file CRC mismatch at byte {} (computed 0x{:04x}, stored 0x{:04x})", crc_at, crc_, stored));
    pos_ += 2;
    crc_pos_ = pos_;
  }

  void read_message(std::uint64_t data_end) {
    const std::uint8_t header = *need(1, data_end, "message");
    if (header & 0x80)  // compressed time stamp: local type in bits 5-6, seconds in bits 0-4
      read_data(static_cast<std::uint8_t>((header >> 5) & 0x03), static_cast<std::uint8_t>(header & 0x1F), data_end);
    else if (header & 0x40)
      read_definition(header, data_end);
    else
      read_data(header & 0x0F, std::nullopt, data_end);
  }

  void read_definition(std::uint8_t header, std::uint64_t data_end) {
    constexpr const char* what = "definition message";
    const unsigned char* m = need(6, data_end, what);
    const bool big_endian = m[2] != 0;
    const std::uint16_t global = big_endian ? be16(m + 3) : le16(m + 3);
    const std::size_t fields = m[5];
    std::size_t length = 6 + 3 * fields;
    const bool developer = header & 0x20;
    m = need(length + (developer ? 1 : 0), data_end, what);
    std::size_t developer_fields = 0;
    if (developer) {
      developer_fields = m[length];
      length += 1 + 3 * developer_fields;
      m = need(length, data_end, what);
    }

    Definition& d = defs_[header & 0x0F];
    d = Definition{};
    d.defined = true;
    d.big_endian = big_endian;
    d.global = global;
    d.kind = fit::kind_of(global);
    std::uint32_t at = 0;
    for (std::size_t i = 0; i < fields; ++i) {
      const unsigned char* f = m + 6 + 3 * i;  // field number, size, base type
      const fit::FieldRef ref{at, f[1], f[2], true};
      if (f[0] == fit::kTimestampField && !d.timestamp.present) d.timestamp = ref;
      if (d.kind != fit::Kind::other) {
        const int slot = fit::slot_of(d.kind, f[0]);
        if (slot >= 0 && !d.slots[static_cast<std::size_t>(slot)].present)
          d.slots[static_cast<std::size_t>(slot)] = ref;  // the first of a repeated field number
      }
      at += f[1];
    }
    // Developer fields (number, size, developer data index) are skipped by their size.
    const unsigned char* dev = m + length - 3 * developer_fields;
    for (std::size_t i = 0; i < developer_fields; ++i) at += dev[3 * i + 1];
    d.size = at;
    mapper_.on_definition(d);
    pos_ += length;
  }

  void read_data(std::uint8_t local, std::optional<std::uint8_t> time_offset, std::uint64_t data_end) {
    const Definition& d = defs_[local];
    if (!d.defined)
      fail(fmt::format("data message of local type {} before its definition at byte {}", local, offset()));
    const unsigned char* content = need(1 + std::size_t{d.size}, data_end, "data message") + 1;
    std::optional<std::uint32_t> time;
    if (d.timestamp.present) {
      const auto t = FieldReader(content, d.big_endian).integer(d.timestamp);
      if (t && *t >= 0 && *t <= 0xFFFFFFFFll) time = last_time_ = static_cast<std::uint32_t>(*t);
    }
    if (time_offset) {  // five bits of seconds rolling over the last full time stamp
      std::uint32_t t = (last_time_ & ~0x1Fu) + *time_offset;
      if (*time_offset < (last_time_ & 0x1Fu)) t += 0x20;
      time = last_time_ = t;
    }
    if (d.kind != fit::Kind::other) mapper_.on_message(d, content, time, last_time_);
    pos_ += 1 + std::size_t{d.size};
  }

  ByteSource& in_;
  fit::ActivityMapper mapper_;
  std::unique_ptr<unsigned char[]> buf_;
  std::size_t pos_ = 0, end_ = 0;  // unread bytes are buf_[pos_, end_)
  std::uint64_t base_ = 0;         // the input offset of buf_[0]
  bool eof_ = false;
  std::uint16_t crc_ = 0;
  std::size_t crc_pos_ = 0;  // buf_[crc_pos_, pos_) is consumed but not yet in crc_
  std::array<Definition, 16> defs_{};
  std::uint32_t last_time_ = 0;  // the last full time stamp, in FIT seconds
};

}  // namespace

void read_fit(ByteSource& in, ActivitySink& out) { Reader(in, out).run(); }

}  // namespace fitkit::formats
