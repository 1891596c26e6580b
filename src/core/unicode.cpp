#include "core/unicode.hpp"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <unicode/uversion.h>

#include <cstdint>
#include <limits>

#include "fitkit/error.hpp"

namespace fitkit {
namespace {

bool is_ascii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

const icu::Normalizer2& nfkc() {
  static const icu::Normalizer2* instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCInstance(status);
    if (U_FAILURE(status) || n == nullptr)
      throw Error::internal(std::string("ICU's NFKC data cannot be loaded: ") + u_errorName(status));
    return n;
  }();
  return *instance;
}

}  // namespace

std::string normalize_nfkc(std::string_view utf8, std::string_view field) {
  // Every ASCII character is assigned and already in NFKC: the common case skips ICU.
  if (is_ascii(utf8)) return std::string(utf8);
  const std::string name(field);
  if (utf8.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
    throw Error::invalid(name, name + " is too long");  // ICU measures strings in int32_t
  const auto length = static_cast<std::int32_t>(utf8.size());

  // U8_NEXT decodes strictly (RFC 3629) and yields a negative value for ill-formed input.
  for (std::int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(utf8.data(), i, length, c);
    if (c < 0) throw Error::invalid(name, name + " is not valid UTF-8 text");
    // A later Unicode version may give an unassigned code point a decomposition, which would
    // change the normalized form; noncharacters are reserved for good and stay stable.
    if (u_charType(c) == U_UNASSIGNED && !U_IS_UNICODE_NONCHAR(c))
      throw Error::invalid(name, name + " contains a character that Unicode " U_UNICODE_VERSION
                                        " does not define; leave it out");
  }

  std::string out;
  out.reserve(utf8.size());
  icu::StringByteSink<std::string> sink(&out);
  UErrorCode status = U_ZERO_ERROR;
  nfkc().normalizeUTF8(0, icu::StringPiece(utf8.data(), length), sink, nullptr, status);
  if (U_FAILURE(status))
    throw Error::internal(std::string("NFKC normalization failed: ") + u_errorName(status));
  return out;
}

}  // namespace fitkit
