// Byte sources: memory, files, and gzip streams (members in a row, damage, bombs).
#include <doctest/doctest.h>

#include <zlib.h>

#include <fstream>
#include <string>

#include "fitkit/error.hpp"
#include "formats/byte_source.hpp"
#include "support/temp_dir.hpp"

using namespace fitkit;
using namespace fitkit::formats;

namespace {

std::string gzip(const std::string& data) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&z, data.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string read_all(ByteSource& in, std::size_t piece = 7) {
  std::string out;
  std::string buf(piece, '\0');
  for (std::size_t n; (n = in.read(buf.data(), buf.size())) > 0;) out.append(buf, 0, n);
  return out;
}

}  // namespace

TEST_CASE("byte source: memory and files give their bytes in pieces, then 0") {
  MemorySource memory("hello, world");
  CHECK(read_all(memory, 5) == "hello, world");
  CHECK(memory.read(nullptr, 0) == 0);

  test::TempDir dir;
  { std::ofstream(dir / "f.bin", std::ios::binary) << std::string(100000, 'x') << "end"; }
  FileSource file(dir / "f.bin");
  CHECK(read_all(file, 4096) == std::string(100000, 'x') + "end");
  CHECK_THROWS_WITH_AS(FileSource(dir / "missing.fit"), doctest::Contains("no such file"), Error);
}

TEST_CASE("byte source: gzip inflates one member or several in a row") {
  const std::string text(200000, 'a');
  const std::string packed = gzip(text);
  MemorySource one_in(packed);
  GzipSource one(one_in, 1 << 20);
  CHECK(read_all(one, 1000) == text);

  const std::string two = gzip("first part, ") + gzip("second part");
  MemorySource two_in(two);
  GzipSource both(two_in, 1 << 20);
  CHECK(read_all(both, 3) == "first part, second part");
  CHECK(looks_gzipped(two));
  CHECK_FALSE(looks_gzipped("<?xml"));
  CHECK_FALSE(looks_gzipped("\x1f"));
}

TEST_CASE("byte source: damaged, cut short or bomb-like gzip is invalid_argument") {
  std::string cut = gzip(std::string(5000, 'b'));
  cut.resize(cut.size() / 2);
  MemorySource cut_in(cut);
  GzipSource cut_gz(cut_in, 1 << 20);
  CHECK_THROWS_WITH_AS(read_all(cut_gz), doctest::Contains("ends early"), Error);

  std::string damaged = gzip("some text that is long enough to damage in the middle");
  damaged[12] = static_cast<char>(damaged[12] ^ 0x5a);
  damaged[13] = static_cast<char>(damaged[13] ^ 0xa5);
  MemorySource damaged_in(damaged);
  GzipSource damaged_gz(damaged_in, 1 << 20);
  CHECK_THROWS_AS(read_all(damaged_gz), Error);

  const std::string bomb_bytes = gzip(std::string(10 << 20, '\0'));  // 10 MiB of zeros, a few KiB packed
  MemorySource bomb_in(bomb_bytes);
  GzipSource bomb(bomb_in, 1 << 20);
  CHECK_THROWS_WITH_AS(read_all(bomb, 64 * 1024), doctest::Contains("inflates to more than"), Error);

  MemorySource plain_in("not gzip at all");
  GzipSource plain(plain_in, 1 << 20);
  CHECK_THROWS_WITH_AS(read_all(plain), doctest::Contains("gzip"), Error);
}
