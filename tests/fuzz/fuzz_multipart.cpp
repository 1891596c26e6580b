// Fuzz target for multipart/form-data upload bodies: the first line is the Content-Type, the
// rest the body. Parts are read or refused with invalid_argument, and every part lies inside
// the body.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fitkit/error.hpp"
#include "http/multipart.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const auto eol = input.find('\n');
  const std::string content_type = input.substr(0, eol);
  const std::string body = eol == std::string::npos ? std::string() : input.substr(eol + 1);
  try {
    const auto boundary = fitkit::http::multipart_boundary(content_type);
    if (!boundary) return 0;
    for (const auto& part : fitkit::http::parse_multipart(body, *boundary))
      if (part.data.data() < body.data() || part.data.data() + part.data.size() > body.data() + body.size())
        __builtin_trap();
  } catch (const fitkit::Error& e) {
    if (e.code() != fitkit::ErrorCode::invalid_argument) __builtin_trap();
  }
  return 0;
}
