#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "accounts/qr.hpp"
#include "fitkit/error.hpp"

using namespace fitkit;
using namespace fitkit::accounts;

namespace {

const std::string kUri =
    "otpauth://totp/fitkit:alice%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    "&issuer=fitkit&algorithm=SHA1&digits=6&period=30";

// A file in the temporary directory, removed however the test ends.
class TempFile {
 public:
  explicit TempFile(std::string_view suffix) {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("fitkit-qr-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + std::string(suffix));
  }
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::filesystem::path& path() const { return path_; }
  void write(std::string_view bytes) const {
    std::ofstream out(path_, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    REQUIRE(out.good());
  }

 private:
  std::filesystem::path path_;
};

// What zbarimg reads from the image, without the trailing newline.
std::string zbar_decode(const std::filesystem::path& image) {
  const std::string command = "zbarimg --raw -q '" + image.string() + "' 2>/dev/null";
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string out;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  ::pclose(pipe);
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

// Reads the half-block drawing back into modules (true = light) and writes it as a PGM image.
std::string terminal_to_pgm(const std::string& drawing, bool light_on_dark) {
  std::vector<std::vector<bool>> rows;
  std::size_t start = 0;
  while (start < drawing.size()) {
    const auto end = drawing.find('\n', start);
    REQUIRE(end != std::string::npos);
    const std::string line = drawing.substr(start, end - start);
    start = end + 1;
    std::vector<bool> top, bottom;
    for (std::size_t i = 0; i < line.size();) {
      bool t = false, b = false;
      if (line[i] == ' ') {
        i += 1;
      } else {
        const std::string glyph = line.substr(i, 3);
        REQUIRE((glyph == "\u2588" || glyph == "\u2580" || glyph == "\u2584"));
        t = glyph != "\u2584";
        b = glyph != "\u2580";
        i += 3;
      }
      top.push_back(t != !light_on_dark);
      bottom.push_back(b != !light_on_dark);
    }
    rows.push_back(top);
    rows.push_back(bottom);
  }
  const std::size_t size = rows.front().size();
  rows.resize(size);  // the last text row holds one module row when the size is odd
  const int scale = 4;
  std::string pgm = "P5\n" + std::to_string(size * scale) + " " + std::to_string(size * scale) + "\n255\n";
  for (std::size_t y = 0; y < size * scale; ++y)
    for (std::size_t x = 0; x < size * scale; ++x) pgm.push_back(rows[y / scale][x / scale] ? '\xff' : '\0');
  return pgm;
}

}  // namespace

TEST_CASE("the PNG holds the text, read back by zbarimg") {
  const auto png = qr_png(kUri);
  REQUIRE(png.size() > 8);
  CHECK(png.substr(0, 8) == "\x89PNG\r\n\x1a\n");
  TempFile file(".png");
  file.write(png);
  CHECK(zbar_decode(file.path()) == kUri);

  const auto big = qr_png(kUri, 10);
  CHECK(big.size() > png.size());
  TempFile big_file(".png");
  big_file.write(big);
  CHECK(zbar_decode(big_file.path()) == kUri);
}

TEST_CASE("the terminal drawing uses half blocks with a quiet zone and reads back") {
  for (bool light_on_dark : {true, false}) {
    CAPTURE(light_on_dark);
    const auto drawing = qr_terminal(kUri, light_on_dark);
    const std::string first_line = drawing.substr(0, drawing.find('\n'));
    // The top line is quiet zone only: all light.
    if (light_on_dark) {
      CHECK(first_line.find(' ') == std::string::npos);
    } else {
      CHECK(first_line.find_first_not_of(' ') == std::string::npos);
    }
    TempFile file(".pgm");
    file.write(terminal_to_pgm(drawing, light_on_dark));
    CHECK(zbar_decode(file.path()) == kUri);
  }
  // A version 1 symbol is 21 modules, 25 with the quiet zone: 13 text rows of 25 characters.
  const auto small = qr_terminal("hi");
  CHECK(std::count(small.begin(), small.end(), '\n') == 13);
}

TEST_CASE("bad input is refused") {
  CHECK_THROWS_AS(qr_png(""), Error);
  CHECK_THROWS_AS(qr_terminal(""), Error);
  CHECK_THROWS_AS(qr_png(kUri, 0), Error);
  CHECK_THROWS_AS(qr_png(kUri, 33), Error);
  CHECK_THROWS_AS(qr_png(kUri, -4), Error);
  const std::string huge(5000, 'x');  // past the 2,331 bytes that version 40-M holds
  try {
    qr_terminal(huge);
    FAIL("accepted text too long for a QR code");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::invalid_argument);
    CHECK(e.field() == "text");
  }
  // Binary text, including NUL bytes, is encoded as given.
  const std::string binary("a\0b", 3);
  CHECK_FALSE(qr_png(binary).empty());
}
