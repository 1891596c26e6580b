// fitctl: the command-line front-end. Its commands come from the operations
// registry plus a few built-ins; it holds no SQL and no domain rules.
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "fitkit/error.hpp"
#include "usage_error.hpp"

namespace {

using namespace fitkit::cli;

// Errors are one line on stderr: "fitctl: <code>: <message> (field: <field>)".
int fail(std::string_view code, std::string message, const std::string& field, int exit_code) {
  for (char& c : message)
    if (c == '\n' || c == '\r') c = ' ';
  std::cerr << "fitctl: " << code << ": " << message;
  if (!field.empty()) std::cerr << " (field: " << field << ")";
  std::cerr << std::endl;
  return exit_code;
}

// The command the user chose: the deepest parsed subcommand.
CLI::App* chosen_command(CLI::App& app) {
  CLI::App* node = &app;
  while (!node->get_subcommands().empty()) node = node->get_subcommands().front();
  return node;
}

std::string command_path(CLI::App& app) {
  std::string path = "fitctl";
  CLI::App* node = &app;
  while (!node->get_subcommands().empty()) {
    node = node->get_subcommands().front();
    path += " " + node->get_name();
  }
  return path;
}

int run(int argc, char** argv) {
  CLI::App app("fitctl: run the operations of a fitkit platform, administer its database, serve it over HTTP.",
               "fitctl");
  app.fallthrough();  // global options may also follow the command
  app.require_subcommand(0, 1);
  app.set_version_flag("--version", "fitctl " + std::string(kFitctlVersion));
  app.footer("Exit codes: `fitctl help exit-codes`. Configuration: flag > FITKIT_* environment > config file > "
             "default.\nEvery operation: `fitctl ops list`.");

  GlobalOptions globals;
  setup_global_options(app, globals);
  Commands commands;
  setup_ops_commands(app, commands);
  setup_db_commands(app, commands);
  setup_serve_commands(app, commands);
  setup_help_commands(app, commands);
  setup_operation_commands(app, commands);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    return fail("usage", std::string(e.what()) + "; see `" + command_path(app) + " --help`", "",
                exit_code_for_cli11(e.get_exit_code()));
  }

  CLI::App* command = chosen_command(app);
  if (command == &app) {
    std::cout << app.help();
    return kExitOk;
  }
  const Action* action = commands.find(command);
  if (!action) throw UsageError("choose a command: see `" + command_path(app) + " --help`");
  resolve_global_options(app, globals);
  Context ctx(globals);
  (*action)(ctx);
  std::cout.flush();
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const fitkit::Error& e) {
    return fail(to_string(e.code()), e.what(), e.field(), exit_code_for(e.code()));
  } catch (const UsageError& e) {
    return fail("usage", e.what(), "", kExitUsage);
  } catch (const std::exception& e) {
    return fail("internal", e.what(), "", kExitError);
  } catch (...) {
    return fail("internal", "unexpected failure", "", kExitError);
  }
}
