#include "providers/curl_support.hpp"

#include <mutex>

#include <fmt/format.h>

#include "fitkit/error.hpp"

namespace fitkit::providers {

void init_curl_once() {
  static std::once_flag once;
  static CURLcode result = CURLE_OK;
  std::call_once(once, [] { result = curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (result != CURLE_OK)
    throw Error::unavailable(fmt::format("cannot start libcurl: {}", curl_easy_strerror(result)));
}

}  // namespace fitkit::providers
