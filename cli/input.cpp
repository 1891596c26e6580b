#include "input.hpp"

#include <termios.h>
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "core/crypto.hpp"
#include "fitkit/error.hpp"
#include "usage_error.hpp"

namespace fitkit::cli {
namespace {

std::string flag_name(const api::ParamSpec& spec) { return "--" + kebab(spec.name); }

// The bytes of a file named on the command line, or of stdin for "-".
std::string read_file_argument(std::string_view path, const std::string& field) {
  if (path == "-") return read_all_stdin();
  std::error_code ec;
  // A folder goes as a ZIP only to an operation that streams local files (operation_commands.cpp).
  if (std::filesystem::is_directory(std::string(path), ec))
    throw Error::invalid(field, std::string(path) + " is a folder; this command takes one file");
  std::ifstream in{std::string(path), std::ios::binary};
  if (!in) throw Error::invalid(field, "cannot read " + std::string(path));
  std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) throw Error::invalid(field, "cannot read " + std::string(path));
  return bytes;
}

api::Json parse_json(std::string_view text, const std::string& field, const std::string& what) {
  api::Json value = api::Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) throw Error::invalid(field, what + " is not valid JSON");
  return value;
}

// Restores the terminal's echo even when reading throws.
class EchoOff {
 public:
  EchoOff() {
    if (tcgetattr(STDIN_FILENO, &saved_) != 0) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    active_ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
  }
  ~EchoOff() {
    if (active_) tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

 private:
  termios saved_{};
  bool active_ = false;
};

}  // namespace

std::string kebab(std::string_view snake) {
  std::string out(snake);
  for (char& c : out)
    if (c == '_') c = '-';
  return out;
}

api::Json convert_param(const api::ParamSpec& spec, std::string_view text) {
  const std::string flag = flag_name(spec);
  switch (spec.type) {
    case api::ParamType::string:
    case api::ParamType::id:
      return api::Json(std::string(text));
    case api::ParamType::integer: {
      std::int64_t value = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (text.empty() || ec != std::errc() || end != text.data() + text.size())
        throw Error::invalid(spec.name, flag + " must be a whole number");
      return api::Json(value);
    }
    case api::ParamType::number: {
      std::string copy(text);
      char* end = nullptr;
      double value = std::strtod(copy.c_str(), &end);
      if (copy.empty() || end != copy.c_str() + copy.size() || !std::isfinite(value))
        throw Error::invalid(spec.name, flag + " must be a number");
      return api::Json(value);
    }
    case api::ParamType::boolean:
      if (text == "true" || text == "1" || text == "yes") return api::Json(true);
      if (text == "false" || text == "0" || text == "no") return api::Json(false);
      throw Error::invalid(spec.name, flag + " must be true or false");
    case api::ParamType::array: {
      if (text.starts_with("[")) {
        api::Json value = parse_json(text, spec.name, flag);
        if (!value.is_array()) throw Error::invalid(spec.name, flag + " must be a JSON array");
        return value;
      }
      api::Json items = api::Json::array();
      if (text.empty()) return items;
      std::size_t start = 0;
      while (true) {
        auto comma = text.find(',', start);
        items.push_back(std::string(text.substr(start, comma - start)));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
      }
      return items;
    }
    case api::ParamType::object: {
      api::Json value = parse_json(text, spec.name, flag);
      if (!value.is_object()) throw Error::invalid(spec.name, flag + " must be a JSON object");
      return value;
    }
    case api::ParamType::file:
      return api::Json(crypto::base64_encode(read_file_argument(text, spec.name)));
  }
  return api::Json(std::string(text));
}

std::string params_text(const api::Json& params) {
  try {
    return params.dump();
  } catch (const api::Json::type_error&) {
    throw Error::invalid("", "parameters must be UTF-8 text");
  }
}

std::string read_secret_line(std::string_view prompt) {
  std::string line;
  bool ok = false;
  if (isatty(STDIN_FILENO)) {
    std::cerr << prompt << ": " << std::flush;
    {
      EchoOff quiet;
      ok = static_cast<bool>(std::getline(std::cin, line));
    }
    std::cerr << '\n';
  } else {
    ok = static_cast<bool>(std::getline(std::cin, line));
  }
  if (!ok) throw UsageError("expected " + std::string(prompt) + " on stdin, found the end of input");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

std::string read_all_stdin() {
  return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
}

api::Json read_json_argument(std::string_view argument, std::string_view field) {
  std::string name(field);
  std::string text;
  if (argument == "-") {
    text = read_all_stdin();
  } else if (argument.starts_with("@")) {
    std::string path(argument.substr(1));
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error::invalid(name, "cannot read " + path);
    std::ostringstream content;
    content << in.rdbuf();
    text = content.str();
  } else {
    text = std::string(argument);
  }
  return parse_json(text, name, "--" + name);
}

}  // namespace fitkit::cli
