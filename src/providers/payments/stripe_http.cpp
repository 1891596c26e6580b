#include "providers/payments/stripe_http.hpp"

#include <curl/curl.h>

#include <memory>
#include <mutex>

#include <fmt/format.h>

#include "fitkit/error.hpp"
#include "providers/curl_support.hpp"

namespace fitkit::stripe {
namespace {

// Stripe's answers are small JSON objects; anything larger is not Stripe.
constexpr std::size_t kMaxAnswerBytes = 1024 * 1024;
// The API version whose object shapes this adapter reads, pinned so that an account's default
// version cannot change them.
constexpr const char* kStripeVersion = "Stripe-Version: 2024-06-20";

using providers::CurlDeleter;
using providers::init_curl_once;

struct Collected {
  std::string body;
  bool too_large = false;
};

size_t collect(char* data, size_t size, size_t count, void* user) {
  auto* out = static_cast<Collected*>(user);
  const size_t n = size * count;
  if (out->body.size() + n > kMaxAnswerBytes) {
    out->too_large = true;
    return 0;  // makes libcurl stop with CURLE_WRITE_ERROR
  }
  out->body.append(data, n);
  return n;
}

// Appends a header line, checking that libcurl had the memory for it.
void append_header(std::unique_ptr<curl_slist, CurlDeleter>& list, const std::string& line) {
  curl_slist* grown = curl_slist_append(list.get(), line.c_str());
  if (!grown) throw Error::unavailable("out of memory for the request headers");
  list.release();
  list.reset(grown);
}

std::string escape(CURL* c, std::string_view text) {
  std::unique_ptr<char, decltype(&curl_free)> out(
      curl_easy_escape(c, text.data(), static_cast<int>(text.size())), &curl_free);
  if (!out) throw Error::unavailable("out of memory for the request body");
  return out.get();
}

}  // namespace

std::string form_encode(const FormFields& fields) {
  init_curl_once();
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) throw Error::unavailable("cannot create a libcurl handle");
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    out += escape(curl.get(), name);
    out += '=';
    out += escape(curl.get(), value);
  }
  return out;
}

HttpAnswer post_form(const PostRequest& request) {
  init_curl_once();
  const std::string body = form_encode(request.fields);
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) throw Error::unavailable("cannot create a libcurl handle");
  std::unique_ptr<curl_slist, CurlDeleter> headers;
  append_header(headers, "Authorization: Bearer " + std::string(request.secret_key));
  append_header(headers, "Idempotency-Key: " + std::string(request.idempotency_key));
  append_header(headers, "Content-Type: application/x-www-form-urlencoded");
  append_header(headers, kStripeVersion);
  append_header(headers, "Expect:");  // no 100-continue round trip

  Collected answer;
  char error_text[CURL_ERROR_SIZE] = {};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_text);
  curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &answer);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, request.timeout_ms);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, request.timeout_ms);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);

  const CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    const std::string detail = answer.too_large ? "the answer is too large"
                               : error_text[0]  ? error_text
                                                : curl_easy_strerror(rc);
    throw Error::unavailable(fmt::format("cannot reach Stripe: {}", detail));
  }
  HttpAnswer out;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out.status);
  out.body = std::move(answer.body);
  return out;
}

}  // namespace fitkit::stripe
