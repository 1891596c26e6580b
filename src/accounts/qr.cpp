#include "accounts/qr.hpp"

#include <png.h>
#include <qrencode.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "fitkit/error.hpp"

namespace fitkit::accounts {
namespace {

struct QrDeleter {
  void operator()(QRcode* q) const noexcept { QRcode_free(q); }
};

// The symbol as a square of booleans (true = dark) with `quiet` light modules around it.
class Modules {
 public:
  Modules(std::string_view text, int quiet) {
    if (text.empty()) throw Error::invalid("text", "there is nothing to put in the QR code");
    errno = 0;
    std::unique_ptr<QRcode, QrDeleter> code(QRcode_encodeData(
        static_cast<int>(text.size()), reinterpret_cast<const unsigned char*>(text.data()), 0, QR_ECLEVEL_M));
    if (!code) {
      if (errno == ERANGE) throw Error::invalid("text", "the text is too long for a QR code");
      if (errno == EINVAL) throw Error::invalid("text", "the text cannot be put in a QR code");
      throw Error::internal(std::string("QR encoding failed: ") + std::strerror(errno));
    }
    size_ = code->width + 2 * quiet;
    dark_.assign(static_cast<std::size_t>(size_) * size_, false);
    for (int y = 0; y < code->width; ++y)
      for (int x = 0; x < code->width; ++x)
        dark_[index(x + quiet, y + quiet)] = code->data[y * code->width + x] & 1;
  }

  int size() const { return size_; }
  bool dark(int x, int y) const {  // outside the square counts as light
    return x >= 0 && y >= 0 && x < size_ && y < size_ && dark_[index(x, y)];
  }

 private:
  std::size_t index(int x, int y) const { return static_cast<std::size_t>(y) * size_ + x; }
  int size_ = 0;
  std::vector<bool> dark_;
};

}  // namespace

std::string qr_terminal(std::string_view text, bool light_on_dark) {
  const Modules m(text, 2);
  std::string out;
  for (int y = 0; y < m.size(); y += 2) {
    for (int x = 0; x < m.size(); ++x) {
      const bool top = m.dark(x, y) != light_on_dark;
      // Past the last row there is nothing to draw: the terminal's own background shows.
      const bool bottom = y + 1 < m.size() && (m.dark(x, y + 1) != light_on_dark);
      if (top && bottom) out += "\u2588";  // full block
      else if (top) out += "\u2580";       // upper half
      else if (bottom) out += "\u2584";    // lower half
      else out += ' ';
    }
    out += '\n';
  }
  return out;
}

std::string qr_png(std::string_view text, int scale) {
  if (scale < 1 || scale > 32) throw Error::invalid("scale", "the scale must be 1 to 32 pixels per module");
  const Modules m(text, 4);
  const int side = m.size() * scale;
  std::vector<png_byte> pixels(static_cast<std::size_t>(side) * side);
  for (int y = 0; y < side; ++y)
    for (int x = 0; x < side; ++x)
      pixels[static_cast<std::size_t>(y) * side + x] = m.dark(x / scale, y / scale) ? 0 : 255;

  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(side);
  image.height = static_cast<png_uint_32>(side);
  image.format = PNG_FORMAT_GRAY;
  // libpng's simplified API reports errors by return value, so no setjmp crosses C++ frames.
  png_alloc_size_t size = 0;
  if (!png_image_write_to_memory(&image, nullptr, &size, 0, pixels.data(), 0, nullptr))
    throw Error::internal(std::string("PNG encoding failed: ") + image.message);
  std::string png(size, '\0');
  if (!png_image_write_to_memory(&image, png.data(), &size, 0, pixels.data(), 0, nullptr))
    throw Error::internal(std::string("PNG encoding failed: ") + image.message);
  png.resize(size);
  png_image_free(&image);
  return png;
}

std::string qr_svg(std::string_view text, int module_px) {
  if (module_px < 1 || module_px > 32)
    throw Error::invalid("module_px", "the size must be 1 to 32 pixels per module");
  const Modules m(text, 4);
  const std::string n = std::to_string(m.size()), px = std::to_string(m.size() * module_px);
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + px + "\" height=\"" + px +
                    "\" viewBox=\"0 0 " + n + " " + n + "\" shape-rendering=\"crispEdges\">"
                    "<rect width=\"" + n + "\" height=\"" + n + "\" fill=\"#fff\"/><path fill=\"#000\" d=\"";
  // Each horizontal run of dark modules is one rectangle: fewer points than one per module.
  for (int y = 0; y < m.size(); ++y) {
    for (int x = 0; x < m.size();) {
      if (!m.dark(x, y)) {
        ++x;
        continue;
      }
      int run = 1;
      while (m.dark(x + run, y)) ++run;
      const std::string w = std::to_string(run);
      svg += "M" + std::to_string(x) + " " + std::to_string(y) + "h" + w + "v1h-" + w + "z";
      x += run;
    }
  }
  svg += "\"/></svg>\n";
  return svg;
}

}  // namespace fitkit::accounts
