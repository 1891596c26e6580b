// The QR code as SVG: the modules read back from its one <path> must be libqrencode's own, with
// the 4-module quiet zone, and an image drawn from them must scan.
#include <doctest/doctest.h>

#include <qrencode.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "accounts/qr.hpp"
#include "fitkit/error.hpp"
#include "support/temp_dir.hpp"

using namespace fitkit;
using namespace fitkit::accounts;

namespace {

using Matrix = std::vector<std::vector<bool>>;  // [y][x], true = dark

// libqrencode's symbol for the text, as qr.cpp asks for it, inside a 4-module quiet zone.
Matrix reference_modules(const std::string& text) {
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeData(static_cast<int>(text.size()), reinterpret_cast<const unsigned char*>(text.data()), 0,
                        QR_ECLEVEL_M),
      &QRcode_free);
  REQUIRE(code);
  const int size = code->width + 8;
  Matrix m(size, std::vector<bool>(size, false));
  for (int y = 0; y < code->width; ++y)
    for (int x = 0; x < code->width; ++x) m[y + 4][x + 4] = code->data[y * code->width + x] & 1;
  return m;
}

std::string attribute(const std::string& svg, const std::string& name) {
  const std::string key = " " + name + "=\"";
  const auto start = svg.find(key);
  REQUIRE(start != std::string::npos);
  const auto value = start + key.size();
  const auto end = svg.find('"', value);
  REQUIRE(end != std::string::npos);
  return svg.substr(value, end - value);
}

std::size_t count_of(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// The modules the SVG paints dark: its path must be nothing but one-module-high rectangles
// "Mx yhWv1h-Wz" inside the viewBox, none painted twice.
Matrix modules_of(const std::string& svg) {
  const std::string view_box = attribute(svg, "viewBox");
  int size = 0;
  REQUIRE(std::sscanf(view_box.c_str(), "0 0 %d %*d", &size) == 1);
  REQUIRE(view_box == "0 0 " + std::to_string(size) + " " + std::to_string(size));
  Matrix m(size, std::vector<bool>(size, false));
  const std::string d = attribute(svg, "d");
  // Read by hand: std::regex recurses per character and overflows the stack on large symbols.
  std::size_t covered = 0;
  while (covered < d.size()) {
    int x = -1, y = -1, w = -1, back = -1, used = 0;
    REQUIRE(std::sscanf(d.c_str() + covered, "M%d %dh%dv1h-%dz%n", &x, &y, &w, &back, &used) == 4);
    REQUIRE(used > 0);
    // Nothing but digits where numbers are: sscanf would also take signs and spaces.
    const std::string piece = d.substr(covered, used);
    REQUIRE(piece == "M" + std::to_string(x) + " " + std::to_string(y) + "h" + std::to_string(w) + "v1h-" +
                         std::to_string(w) + "z");
    covered += used;
    REQUIRE(back == w);
    REQUIRE(w > 0);
    REQUIRE(x >= 0);
    REQUIRE(y >= 0);
    REQUIRE(y < size);
    REQUIRE(x + w <= size);
    for (int i = x; i < x + w; ++i) {
      REQUIRE(!m[y][i]);
      m[y][i] = true;
    }
  }
  REQUIRE(covered == d.size());
  return m;
}

// What zbarimg reads from the modules drawn as a greyscale image, 4 pixels a module.
std::string zbar_read(const Matrix& m) {
  const test::TempDir dir("fitkit-qr-svg");
  const auto path = dir / "code.pgm";
  const std::size_t side = m.size() * 4;
  std::string pgm = "P5\n" + std::to_string(side) + " " + std::to_string(side) + "\n255\n";
  for (std::size_t y = 0; y < side; ++y)
    for (std::size_t x = 0; x < side; ++x) pgm.push_back(m[y / 4][x / 4] ? '\0' : '\xff');
  std::ofstream(path, std::ios::binary) << pgm;
  FILE* pipe = ::popen(("zbarimg --raw -q '" + path.string() + "' 2>/dev/null").c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string out;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  ::pclose(pipe);
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

}  // namespace

TEST_CASE("QR SVG paints exactly libqrencode's modules, with the quiet zone") {
  for (const std::string& text :
       {std::string("hi"),
        std::string("otpauth://totp/fitkit:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=fitkit"),
        std::string("https://fitkit.example/e/evt_01HZX?ref=Забег-10км"), std::string(600, 'x')}) {
    CAPTURE(text);
    const std::string svg = qr_svg(text);
    const Matrix expected = reference_modules(text);
    CHECK(modules_of(svg) == expected);
    // zbar takes 8-bit data without an ECI marker for Shift JIS, so only ASCII reads back as is.
    if (std::all_of(text.begin(), text.end(), [](unsigned char c) { return c < 0x80; }))
      CHECK(zbar_read(expected) == text);
  }
}

TEST_CASE("QR SVG is one path over a light square, sized by module_px, with crisp edges") {
  const std::string svg = qr_svg("hi", 5);  // version 1: 21 modules, 29 with the quiet zone
  CHECK(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  CHECK(svg.ends_with("</svg>\n"));
  CHECK(count_of(svg, "<path") == 1);
  CHECK(count_of(svg, "<rect") == 1);
  CHECK(attribute(svg, "viewBox") == "0 0 29 29");
  CHECK(attribute(svg, "width") == "145");
  CHECK(attribute(svg, "height") == "145");
  CHECK(attribute(svg, "shape-rendering") == "crispEdges");
  CHECK(attribute(qr_svg("hi"), "width") == "116");  // 4 pixels a module by default
  const Matrix m = modules_of(svg);
  for (int i = 0; i < 29; ++i)  // the quiet zone is light all round
    for (int k : {0, 1, 2, 3, 25, 26, 27, 28}) {
      CHECK(!m[k][i]);
      CHECK(!m[i][k]);
    }
}

TEST_CASE("QR SVG refuses bad input as qr_png does") {
  auto field_of = [](auto&& make) -> std::string {
    try {
      make();
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::invalid_argument);
      return e.field();
    }
    FAIL("expected invalid_argument");
    return {};
  };
  CHECK(field_of([] { qr_svg(""); }) == "text");
  CHECK(field_of([] { qr_svg(std::string(8000, 'x')); }) == "text");  // past version 40
  CHECK(field_of([] { qr_svg("hi", 0); }) == "module_px");
  CHECK(field_of([] { qr_svg("hi", 33); }) == "module_px");
  CHECK_NOTHROW(qr_svg("hi", 1));
  CHECK_NOTHROW(qr_svg("hi", 32));
}
