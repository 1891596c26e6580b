// Opening and closing a platform through the C API.
#include <string>

#include "handles.hpp"
#include "last_error.hpp"

#ifndef FITKIT_VERSION_STRING
#error "FITKIT_VERSION_STRING must be defined by the build"
#endif

namespace fitkit::capi {

Origin local_origin() { return Origin{"", "libfitkit/" FITKIT_VERSION_STRING}; }

namespace {

// A NULL or empty option keeps the default.
void take(const char* value, std::string& into) {
  if (value && *value) into = value;
}

PlatformOptions platform_options(const char* url, const fitkit_options* options) {
  PlatformOptions o;
  o.database_url = url;
  if (!options) return o;
  if (options->version != FITKIT_OPTIONS_VERSION)
    throw Error::invalid("version", "fitkit_options.version is " + std::to_string(options->version) +
                                        ", this library knows version " + std::to_string(FITKIT_OPTIONS_VERSION) +
                                        ": fill the options with fitkit_options_init()");
  if (options->data_dir && *options->data_dir) o.data_dir = options->data_dir;
  take(options->public_url, o.public_url);
  take(options->mail_from, o.mail_from);
  take(options->token_signing_key, o.token_signing_key);
  take(options->sealing_key, o.sealing_key);
  o.migrate = options->migrate != 0;
  return o;
}

}  // namespace
}  // namespace fitkit::capi

using namespace fitkit;

extern "C" {

const char* fitkit_version(void) { return FITKIT_VERSION_STRING; }

int fitkit_options_init(fitkit_options* opts, unsigned int version) {
  return capi::guarded([&] {
    capi::require(opts, "opts");
    if (version != FITKIT_OPTIONS_VERSION)
      throw Error::invalid("version", "unknown options version " + std::to_string(version) +
                                          ": this library knows version " + std::to_string(FITKIT_OPTIONS_VERSION));
    *opts = fitkit_options{};
    opts->version = version;
    opts->migrate = 1;
  });
}

int fitkit_open(fitkit_t** out, const char* url, const fitkit_options* options) {
  if (out) *out = nullptr;
  return capi::guarded([&] {
    capi::require(out, "out");
    capi::require(url, "url");
    auto handle = std::make_unique<fitkit_handle>();
    handle->platform = Platform::open(capi::platform_options(url, options));
    *out = handle.release();
  });
}

void fitkit_close(fitkit_t* handle) {
  // A destructor does not throw; nothing to catch.
  delete handle;
}

}  // extern "C"
