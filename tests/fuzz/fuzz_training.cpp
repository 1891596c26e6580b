// Fuzz target for what structured training reads from callers: an exercise catalogue (CSV or
// JSON) with every row checked, and a template's steps as JSON, which must come out of the
// rules and back through their JSON unchanged. The first byte picks which.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fitkit/error.hpp"
#include "training/exercise_import.hpp"
#include "training/exercise_rules.hpp"
#include "training/template_json.hpp"
#include "training/template_rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    switch (data[0] % 3) {
      case 0:
      case 1:
        for (const auto& row : fitkit::training::read_exercise_file(bytes, data[0] % 3 ? "x.json" : "x.csv"))
          (void)fitkit::training::checked_exercise(row.fields);
        break;
      case 2: {
        const auto json = fitkit::training::StepsJson::parse(bytes, nullptr, false);
        if (json.is_discarded()) break;
        auto steps = fitkit::training::parse_steps(json);
        fitkit::training::check_steps(steps);
        const auto out = fitkit::training::steps_json(steps);
        if (fitkit::training::steps_json(fitkit::training::parse_steps(out)) != out) __builtin_trap();
        break;
      }
    }
  } catch (const fitkit::Error& e) {
    if (e.code() == fitkit::ErrorCode::internal) __builtin_trap();
  }
  return 0;
}
