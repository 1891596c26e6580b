// QR codes (libqrencode) for the otpauth:// URI of two-factor enrolment:
// drawn in a terminal, or as a PNG or SVG image.
#pragma once

#include <string>
#include <string_view>

namespace fitkit::accounts {

// UTF-8 half blocks, two module rows per text row, with a 2-module quiet zone. By default the
// light modules are drawn (for light text on a dark terminal, as `qrencode -t UTF8` does);
// pass light_on_dark = false to draw the dark modules instead. Throws Error::invalid("text")
// when the text is empty or too long for a QR code.
std::string qr_terminal(std::string_view text, bool light_on_dark = true);

// The bytes of a greyscale PNG, `scale` pixels per module (1 to 32), with a 4-module quiet zone.
std::string qr_png(std::string_view text, int scale = 4);

// An SVG image with the same 4-module quiet zone: a light square and one <path> of the dark
// modules, its viewBox in modules (so it scales without blur, drawn with crispEdges), and
// `module_px` pixels per module (1 to 32) as its width and height. Same errors as qr_png.
std::string qr_svg(std::string_view text, int module_px = 4);

}  // namespace fitkit::accounts
