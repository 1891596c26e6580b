// fitkit_operations: the registry described as JSON, for bindings that build
// their functions from it.
#include <string>

#include "api/registry.hpp"
#include "last_error.hpp"
#include "results.hpp"

namespace fitkit::capi {
namespace {

std::string describe_operations() {
  api::Json ops = api::Json::array();
  for (const auto& op : api::registry().all()) {
    api::Json params = api::Json::array();
    for (const auto& p : op.params)
      params.push_back({{"name", p.name},
                        {"type", api::to_string(p.type)},
                        {"required", p.required},
                        {"help", p.help},
                        {"secret", p.secret}});
    ops.push_back({{"name", op.name},
                   {"summary", op.summary},
                   {"method", api::to_string(op.method)},
                   {"path", op.path},
                   {"access", op.access == api::Access::anyone ? "anyone" : "signed_in"},
                   {"params", std::move(params)}});
  }
  return ops.dump();
}

}  // namespace
}  // namespace fitkit::capi

using namespace fitkit;

extern "C" int fitkit_operations(char** out) {
  if (out) *out = nullptr;
  return capi::guarded([&] {
    capi::require(out, "out");
    // The registry is fixed once built: describe it once.
    static const std::string described = capi::describe_operations();
    *out = capi::copy_out(described);
  });
}
