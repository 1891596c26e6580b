// Turning command-line text into an operation's JSON parameters, and reading
// secrets and documents from stdin.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/registry.hpp"

namespace fitkit::cli {


// Converts a flag's text by the parameter's type: integer and number parsed,
// array as comma-separated values or a JSON array, object as JSON, id and
// string as they are. Throws Error(invalid_argument) naming the parameter.
api::Json convert_param(const api::ParamSpec& spec, std::string_view text);

// One line from stdin without its line end; on a terminal, prompts on stderr
// and does not echo. Throws UsageError at the end of input.
std::string read_secret_line(std::string_view prompt);

// All of stdin.
std::string read_all_stdin();

// A JSON document given as text, "@file" or "-" (stdin), for `--data`.
// Throws Error(invalid_argument) naming `field`.
api::Json read_json_argument(std::string_view argument, std::string_view field);

// Parameters as JSON text for Platform::call; text that is not UTF-8 is
// refused as invalid_argument rather than failing deep inside.
std::string params_text(const api::Json& params);

// "password_reset" -> "password-reset", for command and flag names.
std::string kebab(std::string_view snake);

}  // namespace fitkit::cli
