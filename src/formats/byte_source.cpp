#include "formats/byte_source.hpp"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

#include "fitkit/error.hpp"

namespace fitkit::formats {

std::size_t MemorySource::read(char* out, std::size_t size) {
  const std::size_t n = std::min(size, bytes_.size() - pos_);
  std::memcpy(out, bytes_.data() + pos_, n);
  pos_ += n;
  return n;
}

FileSource::FileSource(const std::filesystem::path& path) {
  file_ = std::fopen(path.c_str(), "rb");
  if (file_) return;
  const int e = errno;
  if (e == ENOENT) throw Error::not_found("no such file: " + path.string());
  throw Error::unavailable("cannot open " + path.string() + ": " + std::strerror(e));
}

FileSource::~FileSource() {
  if (file_) std::fclose(file_);
}

std::size_t FileSource::read(char* out, std::size_t size) {
  const std::size_t n = std::fread(out, 1, size, file_);
  if (n < size && std::ferror(file_))
    throw Error::unavailable(std::string("cannot read the file: ") + std::strerror(errno));
  return n;
}

struct GzipSource::State {
  State(ByteSource& source, std::uint64_t limit) : inner(source), max_output(limit) {}
  ByteSource& inner;
  std::uint64_t max_output;
  std::uint64_t produced = 0;
  z_stream z{};
  char in[64 * 1024];
  bool started = false;  // a member's header has been seen
  bool ended = false;    // the input is used up
};

GzipSource::GzipSource(ByteSource& inner, std::uint64_t max_output)
    : state_(std::make_unique<State>(inner, max_output)) {
  // 15 + 16: a gzip wrapper (RFC 1952), not zlib's own.
  if (inflateInit2(&state_->z, 15 + 16) != Z_OK) throw Error::internal("zlib: inflateInit2 failed");
}

GzipSource::~GzipSource() { inflateEnd(&state_->z); }

std::size_t GzipSource::read(char* out, std::size_t size) {
  State& s = *state_;
  if (size == 0 || s.ended) return 0;
  s.z.next_out = reinterpret_cast<Bytef*>(out);
  s.z.avail_out = static_cast<uInt>(std::min<std::size_t>(size, 1u << 30));
  while (s.z.avail_out == static_cast<uInt>(std::min<std::size_t>(size, 1u << 30))) {
    if (s.z.avail_in == 0) {
      const std::size_t n = s.inner.read(s.in, sizeof s.in);
      if (n == 0) {
        // The end of the input: fine between members, a damaged file inside one.
        if (s.started) throw Error::invalid("file", "gzip: the compressed data ends early");
        s.ended = true;
        break;
      }
      s.z.next_in = reinterpret_cast<Bytef*>(s.in);
      s.z.avail_in = static_cast<uInt>(n);
    }
    s.started = true;
    const int rc = inflate(&s.z, Z_NO_FLUSH);
    if (rc == Z_STREAM_END) {
      s.started = false;
      inflateReset(&s.z);  // another member may follow
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      throw Error::invalid("file", std::string("gzip: ") + (s.z.msg ? s.z.msg : "damaged data") + " after " +
                                       std::to_string(s.produced) + " bytes out");
    }
  }
  const std::size_t n = size - s.z.avail_out;
  s.produced += n;
  if (s.produced > s.max_output)
    throw Error::invalid("file", "gzip: the file inflates to more than " + std::to_string(s.max_output) + " bytes");
  return n;
}

bool looks_gzipped(std::string_view head) noexcept {
  return head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f && static_cast<unsigned char>(head[1]) == 0x8b;
}

}  // namespace fitkit::formats
