// What a command runs with: the resolved global options, the platform
// (opened on first use, so that `ops list` needs no database) and the caller.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string_view>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "fitkit/actor.hpp"
#include "fitkit/platform.hpp"
#include "global_options.hpp"
#include "output.hpp"

namespace fitkit::cli {

inline constexpr std::string_view kFitctlVersion = "0.1.0";

class Context {
 public:
  explicit Context(GlobalOptions options);
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  const GlobalOptions& options() const { return options_; }
  const OutputStyle& style() const { return style_; }

  Platform& platform();
  // The caller: `--as` (a user or the system, local databases only), the
  // user of `--token`, or anonymous.
  const Actor& actor();
  // "fitctl/VERSION" from a local process.
  Origin origin() const;

  // The result on stdout in the chosen format.
  void print(const Json& result, std::string_view list_field = {});

 private:
  GlobalOptions options_;
  OutputStyle style_;
  std::unique_ptr<Platform> platform_;
  std::optional<Actor> actor_;
};

// What runs when a command is chosen; the setup functions of each command
// group register their commands here.
using Action = std::function<void(Context&)>;

class Commands {
 public:
  void on(const CLI::App* command, Action action) { actions_[command] = std::move(action); }
  const Action* find(const CLI::App* command) const {
    auto it = actions_.find(command);
    return it == actions_.end() ? nullptr : &it->second;
  }

 private:
  std::map<const CLI::App*, Action> actions_;
};

}  // namespace fitkit::cli
