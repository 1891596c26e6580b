// `fitctl ops list`, `fitctl ops show OP` and `fitctl call OP --data JSON`:
// the registry itself, and any operation by its dotted name.
#include <iostream>
#include <memory>

#include "api/registry.hpp"
#include "commands.hpp"
#include "fitkit/error.hpp"
#include "input.hpp"

namespace fitkit::cli {
namespace {

struct ShowOptions {
  std::string operation;
};

struct CallOptions {
  std::string operation;
  std::string data = "{}";
};

const api::Operation& find_operation(const std::string& name) {
  const api::Operation* op = api::registry().find(name);
  if (!op) throw Error::not_found("no operation named '" + name + "' (see `fitctl ops list`)");
  return *op;
}

std::string command_of(const api::Operation& op) {
  std::string command = "fitctl";
  std::size_t start = 0;
  while (true) {
    auto dot = op.name.find('.', start);
    command += " " + kebab(std::string_view(op.name).substr(start, dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return command;
}

void run_list(Context& ctx) {
  Json items = Json::array();
  for (const auto& op : api::registry().all())
    items.push_back({{"name", op.name},
                     {"method", api::to_string(op.method)},
                     {"path", op.path},
                     {"summary", op.summary}});
  ctx.print({{"items", items}}, "items");
}

void run_show(Context& ctx, const ShowOptions& options) {
  const api::Operation& op = find_operation(options.operation);
  Json params = Json::array();
  for (const auto& spec : op.params)
    params.push_back({{"name", spec.name},
                      {"flag", "--" + kebab(spec.name)},
                      {"type", api::to_string(spec.type)},
                      {"required", spec.required},
                      {"secret", spec.secret},
                      {"help", spec.help}});
  Json about = {{"name", op.name},
                          {"summary", op.summary},
                          {"method", api::to_string(op.method)},
                          {"path", op.path},
                          {"access", op.access == api::Access::anyone ? "anyone" : "signed_in"},
                          {"command", command_of(op)},
                          {"list_field", op.list_field}};
  if (ctx.style().format == Format::table) {
    // For a person: what the operation is, then its parameters.
    ctx.print(about);
    if (!params.empty()) {
      std::cout << '\n';
      ctx.print({{"params", params}}, "params");
    }
    return;
  }
  about["params"] = params;
  ctx.print(about, "params");
}

void run_call(Context& ctx, const CallOptions& options) {
  const api::Operation& op = find_operation(options.operation);
  api::Json params = read_json_argument(options.data, "data");
  std::string result = ctx.platform().call(op.name, ctx.actor(), params_text(params));
  ctx.print(Json::parse(result), op.list_field);
}

}  // namespace

void setup_ops_commands(CLI::App& app, Commands& commands) {
  auto* ops = app.add_subcommand("ops", "The operations fitctl, HTTP and the C API share")->group("Commands");
  ops->require_subcommand(1);

  auto* list = ops->add_subcommand("list", "List every operation: name, method, path, summary");
  commands.on(list, [](Context& ctx) { run_list(ctx); });

  auto show_options = std::make_shared<ShowOptions>();
  auto* show = ops->add_subcommand("show", "Show an operation and its parameters");
  show->add_option("operation", show_options->operation, "Dotted name, as in `fitctl ops list`")->required();
  commands.on(show, [show_options](Context& ctx) { run_show(ctx, *show_options); });

  auto call_options = std::make_shared<CallOptions>();
  auto* call = app.add_subcommand("call", "Run any operation by its dotted name with JSON parameters")
                   ->group("Commands");
  call->add_option("operation", call_options->operation, "Dotted name, as in `fitctl ops list`")->required();
  call->add_option("-d,--data", call_options->data, "Parameters: a JSON object, @FILE, or - for stdin")
      ->capture_default_str();
  call->footer("Example: fitctl --as system call users.list --data '{\"limit\": 10}'");
  commands.on(call, [call_options](Context& ctx) { run_call(ctx, *call_options); });
}

}  // namespace fitkit::cli
