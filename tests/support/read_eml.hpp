// Parses a message file with Python's standard email package (read_eml.py) for an independent check.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "support/process.hpp"

#ifndef FITKIT_SOURCE_DIR
#error "FITKIT_SOURCE_DIR must name the source tree"
#endif

namespace fitkit::test {

inline std::string support_script(const std::string& name) {
  return std::string(FITKIT_SOURCE_DIR) + "/tests/support/" + name;
}

inline std::string read_text_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// {"headers": {name: [values]}, "body", "date", "defects", "longest_line", "bare_lf", ...}
inline nlohmann::json read_eml(const std::filesystem::path& eml) {
  const auto out = eml.string() + ".json";
  const int code = run_command({"/usr/bin/python3", support_script("read_eml.py"), eml.string()},
                               std::chrono::seconds(30), {.env = {}, .stdout_path = out, .stderr_path = {}});
  if (code != 0) throw std::runtime_error("read_eml.py failed on " + eml.string());
  auto parsed = nlohmann::json::parse(read_text_file(out));
  std::filesystem::remove(out);
  return parsed;
}

}  // namespace fitkit::test
