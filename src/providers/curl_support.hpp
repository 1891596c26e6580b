// What the libcurl adapters (SMTP, Stripe) share: the library's one-time start, and owners of
// its handles.
#pragma once

#include <curl/curl.h>

namespace fitkit::providers {

// curl_global_init, once per process; Error::unavailable if it failed.
void init_curl_once();

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

}  // namespace fitkit::providers
