// Options every command takes, resolved with the precedence
// flag > FITKIT_* environment > config file > default.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include <CLI/CLI.hpp>

#include "fitkit/platform.hpp"

namespace fitkit::cli {

struct GlobalOptions {
  std::string db = "sqlite:fitkit.db";
  std::string data_dir = "./fitkit-data";
  std::string public_url;  // empty: the library's default
  std::string format;      // empty: a table on a terminal, else tsv
  std::string as_user;     // "usr_…", an email or "system"; local sqlite: databases only
  std::string token;       // an access token
  std::string config;      // the config file; empty: the default path, which may be missing
};

// Adds the options to the root command; flags and environment are read by CLI11.
void setup_global_options(CLI::App& app, GlobalOptions& options);

// After parsing: fills what neither a flag nor the environment set from the
// config file, and checks the values. Throws UsageError.
void resolve_global_options(const CLI::App& app, GlobalOptions& options);

// The default config file: $XDG_CONFIG_HOME/fitkit/config or ~/.config/fitkit/config.
std::filesystem::path default_config_path();

// Reads a `key = value` file: '#' starts a comment, values may be quoted.
// Keys other than db, data_dir, public_url and format are refused. Throws UsageError.
std::map<std::string, std::string> read_config_file(const std::filesystem::path& path);

// "m=KIB,t=N,p=N" (FITKIT_ARGON2), for tests and small devices. Throws UsageError.
PasswordHashing parse_argon2_setting(std::string_view text);

// Whether `--as` may be used on this database: only a local sqlite: one.
bool is_local_database(std::string_view url) noexcept;

// The library's options for these global options and the FITKIT_ARGON2 environment.
PlatformOptions platform_options(const GlobalOptions& options);

}  // namespace fitkit::cli
