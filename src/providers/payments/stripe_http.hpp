// Stripe's API over libcurl: form-encoded POSTs with the secret key as a bearer token.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fitkit::stripe {

using FormFields = std::vector<std::pair<std::string, std::string>>;

// "a=1&b=x%20y": each name and value percent-encoded (RFC 3986 unreserved characters kept),
// as Stripe reads application/x-www-form-urlencoded bodies.
std::string form_encode(const FormFields& fields);

struct HttpAnswer {
  long status = 0;
  std::string body;
};

struct PostRequest {
  std::string url;               // https://api.stripe.com/v1/…
  std::string_view secret_key;   // sent as "Authorization: Bearer …", never in messages
  std::string_view idempotency_key;
  FormFields fields;
  long timeout_ms = 10000;
};

// The status and body of whatever answer came. Throws Error(unavailable) when none came: no
// connection, a timeout, or an answer larger than Stripe ever sends.
HttpAnswer post_form(const PostRequest& request);

}  // namespace fitkit::stripe
