// `fitctl help [exit-codes]` and `fitctl version`.
#include <iostream>

#include "commands.hpp"
#include "exit_codes.hpp"

namespace fitkit::cli {
namespace {

void run_exit_codes(Context& ctx) {
  Json items = Json::array();
  for (const auto& info : exit_code_table())
    items.push_back({{"code", info.code}, {"name", info.name}, {"meaning", info.meaning}});
  ctx.print({{"items", items}}, "items");
}

}  // namespace

void setup_help_commands(CLI::App& app, Commands& commands) {
  auto* help = app.add_subcommand("help", "Show help, or a topic: exit-codes")->group("Commands");
  help->require_subcommand(0, 1);
  // app.help() would describe the parsed `help` subcommand itself: ask the formatter for the root.
  commands.on(help, [&app](Context&) {
    std::cout << app.get_formatter()->make_help(&app, app.get_name(), CLI::AppFormatMode::Normal);
  });
  auto* exit_codes = help->add_subcommand("exit-codes", "The exit codes of fitctl, for scripts");
  commands.on(exit_codes, [](Context& ctx) { run_exit_codes(ctx); });

  auto* version = app.add_subcommand("version", "Print the version of fitctl")->group("Commands");
  commands.on(version, [](Context&) { std::cout << "fitctl " << kFitctlVersion << '\n'; });
}

}  // namespace fitkit::cli
