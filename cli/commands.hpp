// The command groups of fitctl, one file each: a setup function adds the
// CLI11 subcommands with their options structs and registers the run functions.
#pragma once

#include <CLI/CLI.hpp>

#include "context.hpp"

namespace fitkit::cli {

// Built in.
void setup_ops_commands(CLI::App& app, Commands& commands);    // ops list, ops show, call
void setup_db_commands(CLI::App& app, Commands& commands);     // db migrate, db status, db copy
void setup_serve_commands(CLI::App& app, Commands& commands);  // serve, worker
void setup_help_commands(CLI::App& app, Commands& commands);   // help exit-codes, version

// One command per operation of the registry.
void setup_operation_commands(CLI::App& app, Commands& commands);

}  // namespace fitkit::cli
