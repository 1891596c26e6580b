// Fuzz target for the text the HTTP front-end reads from clients and operators: If-None-Match
// and If-Match lists, Origin values, WebSocket messages, X-Request-Id, --rate-limit rules.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "fitkit/error.hpp"
#include "http/etag.hpp"
#include "http/request_id.hpp"
#include "http/server.hpp"
#include "http/websocket_auth.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string tag = fitkit::http::strong_etag("{}");
  try {
    switch (data[0] % 5) {
      case 0:
        (void)fitkit::http::none_match_fails(text, tag);
        (void)fitkit::http::if_match_holds(text, tag);
        (void)fitkit::http::if_match_holds(text, std::nullopt);
        break;
      case 1: (void)fitkit::http::normalize_origin(text); break;
      case 2: (void)fitkit::http::parse_inbound(text); break;
      case 3: {
        const std::string id = fitkit::http::request_id_for(text);
        if (!fitkit::http::is_valid_request_id(id)) __builtin_trap();  // what is echoed is always valid
        break;
      }
      case 4: (void)fitkit::http::parse_rate_limit(text); break;
    }
  } catch (const fitkit::Error& e) {
    // A clear refusal is the expected answer to bad input; anything else escapes and fails.
    if (e.code() == fitkit::ErrorCode::internal) __builtin_trap();
  }
  return 0;
}
