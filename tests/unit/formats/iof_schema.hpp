// Checking a document against the IOF's schema (IOF.xsd) with xmllint, for the tests of the
// suite "samples".
#pragma once

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace fitkit::test::iof {

inline std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// What xmllint says checking `document` against `xsd`: empty when it validates.
inline std::string schema_errors(const std::filesystem::path& xsd, const std::string& document) {
  static int counter = 0;
  const auto file = std::filesystem::temp_directory_path() /
                    ("fitkit-iof-" + std::to_string(getpid()) + "-" + std::to_string(++counter) + ".xml");
  std::ofstream(file, std::ios::binary) << document;
  const std::string command =
      "xmllint --noout --nonet --schema " + shell_quote(xsd.string()) + " " + shell_quote(file.string()) + " 2>&1";
  std::string output;
  int status = -1;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) output.append(buf, n);
    status = pclose(pipe);
  }
  std::filesystem::remove(file);
  if (status == 0) return "";
  return "xmllint (status " + std::to_string(status) + "): " + output;
}

}  // namespace fitkit::test::iof
