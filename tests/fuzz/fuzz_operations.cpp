// Fuzz target for the operations layer: any operation, any JSON, as anonymous or a user.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "api/registry.hpp"
#include "fitkit/clock.hpp"
#include "fitkit/error.hpp"
#include "fitkit/platform.hpp"

namespace {
fitkit::Platform& platform() {
  static std::unique_ptr<fitkit::Platform> p = [] {
    fitkit::PlatformOptions o;
    o.database_url = "sqlite::memory:";
    o.data_dir = "/tmp/fitkit-fuzz-data";
    o.clock = std::make_shared<fitkit::ManualClock>();
    o.password_hashing = {64, 1, 1};
    return fitkit::Platform::open(o);
  }();
  return *p;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const auto& ops = fitkit::api::registry().all();
  const auto& op = ops[data[0] % ops.size()];
  const bool as_user = data[1] & 1;
  const std::string json(reinterpret_cast<const char*>(data) + 2, size - 2);
  const auto actor = as_user ? fitkit::Actor::user(1, {fitkit::Role::user}) : fitkit::Actor::anonymous();
  try {
    (void)platform().call(op.name, actor, json);
  } catch (const fitkit::Error& e) {
    if (e.code() == fitkit::ErrorCode::internal) __builtin_trap();
  }
  return 0;
}
