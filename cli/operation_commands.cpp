// One command per operation of the registry: "auth.password_reset.request"
// becomes `fitctl auth password-reset request`, each parameter a flag.
#include <algorithm>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>

#include <stdlib.h>
#include <unistd.h>

#include "api/registry.hpp"
#include "core/crypto.hpp"
#include "fitkit/error.hpp"
#include "fitkit/platform.hpp"
#include "formats/zip_archive.hpp"
#include "commands.hpp"
#include "input.hpp"
#include "usage_error.hpp"

namespace fitkit::cli {
namespace {

struct OperationFlag {
  const api::ParamSpec* spec = nullptr;
  CLI::Option* option = nullptr;
  std::string text;         // the value of a flag that takes one
  bool enabled = false;     // the value of a boolean flag
};

struct OperationOptions {
  const api::Operation* operation = nullptr;
  CLI::App* command = nullptr;
  std::deque<OperationFlag> flags;  // a deque: CLI11 keeps pointers to the members
  bool all_pages = false;           // --all, for a list that pages
  std::string output;               // --output, for an operation whose result is a file
};

// A list that pages: its result's list field and a "cursor" parameter.
bool pages(const api::Operation& op) {
  return !op.list_field.empty() &&
         std::any_of(op.params.begin(), op.params.end(), [](const api::ParamSpec& s) { return s.name == "cursor"; });
}

std::string type_name(api::ParamType type) {
  switch (type) {
    case api::ParamType::string: return "TEXT";
    case api::ParamType::integer: return "INT";
    case api::ParamType::number: return "NUMBER";
    case api::ParamType::boolean: return "";
    case api::ParamType::id: return "ID";
    case api::ParamType::array: return "LIST";
    case api::ParamType::object: return "JSON";
    case api::ParamType::file: return "FILE";
  }
  return "TEXT";
}

std::string flag_help(const api::ParamSpec& spec) {
  std::string help = spec.help;
  if (spec.type == api::ParamType::array) help += " (comma-separated, or a JSON array)";
  if (spec.type == api::ParamType::object) help += " (a JSON object)";
  if (spec.type == api::ParamType::boolean) help += " (--" + kebab(spec.name) + "=false to turn off)";
  if (spec.secret) help += " ('-' reads it from stdin)";
  if (spec.type == api::ParamType::file) help += " (a path; '-' reads stdin)";
  return help;
}

bool declares(const api::Operation& op, std::string_view name) {
  return std::any_of(op.params.begin(), op.params.end(), [&](const api::ParamSpec& s) { return s.name == name; });
}

CLI::App* find_subcommand(CLI::App& parent, const std::string& name) {
  auto found = parent.get_subcommands([&](CLI::App* app) { return app->check_name(name); });
  return found.empty() ? nullptr : found.front();
}

// A bar on stderr for a long operation (a bulk import), when a person watches; nothing in a pipe.
Platform::Progress progress_bar() {
  if (isatty(STDERR_FILENO) != 1) return {};
  return [](std::size_t done, std::size_t total, std::string_view item) {
    constexpr std::size_t kWidth = 30;
    const std::size_t filled = total ? done * kWidth / total : kWidth;
    std::string bar;
    for (std::size_t i = 0; i < kWidth; ++i) bar += i < filled ? "█" : "░";
    std::string name(item.substr(item.size() > 40 ? item.size() - 40 : 0));
    std::cerr << "\r\033[K" << bar << " " << done << "/" << total << " " << name << (done == total ? "\n" : "")
              << std::flush;
  };
}

// Files that an operation reads from disk itself (Operation::streams_local_files): a file is
// named as it is; a folder becomes a ZIP of its files in a temporary file, removed afterwards.
class LocalFiles {
 public:
  LocalFiles() = default;
  LocalFiles(const LocalFiles&) = delete;
  LocalFiles& operator=(const LocalFiles&) = delete;
  ~LocalFiles() {
    std::error_code ec;
    for (const auto& made : made_) std::filesystem::remove(made, ec);
  }

  void add(const std::string& param, const std::string& argument) {
    std::error_code ec;
    const std::filesystem::path path(argument);
    if (!std::filesystem::is_directory(path, ec)) {
      if (!std::filesystem::is_regular_file(path, ec)) throw Error::invalid(param, "cannot read " + argument);
      files_[param] = std::filesystem::absolute(path);
      return;
    }
    std::string name = (std::filesystem::temp_directory_path() / "fitctl-folder-XXXXXX.zip").string();
    const int fd = mkstemps(name.data(), 4);
    if (fd < 0) throw Error::unavailable("cannot make a temporary file for " + argument);
    close(fd);
    made_.push_back(name);
    formats::zip_folder(path, name, param);
    files_[param] = name;
  }
  const Platform::LocalFiles& files() const { return files_; }

 private:
  Platform::LocalFiles files_;
  std::vector<std::filesystem::path> made_;
};

// The bytes of a file result, to `path` or to stdout.
void write_file_result(const Json& result, const std::string& path) {
  auto bytes = crypto::base64_decode(result.at("content_base64").get<std::string>());
  if (!bytes) throw Error::internal("the file came back damaged");
  if (path.empty() || path == "-") {
    std::cout.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
    std::cout.flush();
    return;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
  out.close();
  if (!out) throw Error::unavailable("cannot write " + path);
  std::cerr << "wrote " << path << " (" << bytes->size() << " bytes, " << result.value("file_name", "") << ")\n";
}

void run_operation(Context& ctx, const OperationOptions& options) {
  const api::Operation& op = *options.operation;
  api::Json params = api::Json::object();
  LocalFiles local_files;
  for (const auto& flag : options.flags) {
    const api::ParamSpec& spec = *flag.spec;
    // Checked here too: CLI11 cannot when the command also holds deeper commands.
    if (flag.option->count() == 0 && spec.required) throw UsageError(flag.option->get_name() + " is required");
    if (flag.option->count() == 0) continue;
    if (spec.type == api::ParamType::boolean) {
      params[spec.name] = flag.enabled;
    } else if (spec.secret && flag.text == "-") {
      params[spec.name] = convert_param(spec, read_secret_line(kebab(spec.name)));
    } else if (spec.type == api::ParamType::file && op.streams_local_files && flag.text != "-") {
      local_files.add(spec.name, flag.text);
      params[spec.name] = "";  // the bytes come from the file itself
    } else {
      params[spec.name] = convert_param(spec, flag.text);
    }
    // The file's own name, for an operation that wants it and was not told another.
    if (spec.type == api::ParamType::file && flag.text != "-" && declares(op, "file_name") &&
        !params.contains("file_name"))
      params["file_name"] = std::filesystem::path(flag.text).filename().string();
  }
  Json result = Json::parse(
      ctx.platform().call(op.name, ctx.actor(), params_text(params), progress_bar(), local_files.files()));
  if (op.returns_file) {
    write_file_result(result, options.output);
    return;
  }
  // --all: follow next_cursor to the end and print the items of every page as one list.
  while (options.all_pages && result.value("next_cursor", Json()).is_string()) {
    params["cursor"] = result["next_cursor"];
    Json next = Json::parse(ctx.platform().call(op.name, ctx.actor(), params_text(params)));
    for (auto& item : next[op.list_field]) result[op.list_field].push_back(std::move(item));
    result["next_cursor"] = next["next_cursor"];
  }
  ctx.print(result, op.list_field);
}

std::shared_ptr<OperationOptions> add_operation(CLI::App& root, Commands& commands, const api::Operation& op,
                                               std::set<CLI::App*>& groups) {
  // Walk or create the groups, then the command itself.
  CLI::App* node = &root;
  std::size_t start = 0;
  while (true) {
    auto dot = op.name.find('.', start);
    std::string segment = kebab(std::string_view(op.name).substr(start, dot - start));
    bool last = dot == std::string::npos;
    CLI::App* next = find_subcommand(*node, segment);
    if (!next) {
      next = node->add_subcommand(segment, last ? op.summary : "");  // a group's is set once complete
      next->group(node == &root ? "Operation groups" : "Commands");
      if (!last) groups.insert(next);
    } else if (last) {
      next->description(op.summary);
    }
    node = next;
    if (last) break;
    start = dot + 1;
  }
  groups.erase(node);  // an operation's own node may also hold deeper commands

  auto options = std::make_shared<OperationOptions>();
  options->operation = &op;
  options->command = node;
  // The first id of the path may also be given unnamed, first: `fitctl events get EVT`.
  const auto path_params = api::path_parameters(op.path);
  const std::string positional = path_params.empty() ? "" : path_params.front();
  for (const auto& spec : op.params) {
    auto& flag = options->flags.emplace_back();
    flag.spec = &spec;
    std::string name = "--" + kebab(spec.name);
    if (spec.name == positional && spec.type == api::ParamType::id) name = spec.name + "," + name;
    // So may a required file, after it: `fitctl events results import EVT results.xml`.
    if (spec.type == api::ParamType::file && spec.required) name = spec.name + "," + name;
    if (spec.type == api::ParamType::boolean) {
      flag.option = node->add_flag(name, flag.enabled, flag_help(spec));
    } else {
      flag.option = node->add_option(name, flag.text, flag_help(spec))->type_name(type_name(spec.type));
    }
    if (spec.required) flag.option->required();
  }
  if (op.returns_file)
    node->add_option("--output,-o", options->output, "write the file there rather than to stdout")->type_name("FILE");
  if (pages(op))
    node->add_flag("--all", options->all_pages, "follow next_cursor and print every page (--limit sets the page size)");
  std::string who = op.access == api::Access::anyone ? "Anyone may call it."
                                                     : "It needs a signed-in caller: --token or --as.";
  node->footer("Operation " + op.name + " (" + std::string(api::to_string(op.method)) + " " + op.path + "). " +
               who + "\nGlobal options (--format, --db, --token, --as, …): see `fitctl --help`.");
  commands.on(node, [options](Context& ctx) { run_operation(ctx, *options); });
  return options;
}

// Every subcommand defined (not only the parsed ones, which get_subcommands() gives).
std::vector<const CLI::App*> defined_subcommands(const CLI::App& app) {
  return app.get_subcommands(std::function<bool(const CLI::App*)>());
}

// "Commands: register, login, …" for a group's line in its parent's help.
std::string group_description(const CLI::App& group) {
  std::string names;
  for (const CLI::App* command : defined_subcommands(group))
    names += (names.empty() ? "" : ", ") + command->get_name();
  if (names.size() > 60) names = names.substr(0, names.rfind(", ", 57)) + ", …";
  return "Commands: " + names;
}

}  // namespace

void setup_operation_commands(CLI::App& app, Commands& commands) {
  std::set<CLI::App*> groups;  // nodes that only group other commands
  std::vector<std::shared_ptr<OperationOptions>> operations;
  for (const auto& op : api::registry().all()) operations.push_back(add_operation(app, commands, op, groups));
  for (CLI::App* group : groups) {
    group->require_subcommand(1);
    group->description(group_description(*group));
  }
  for (const auto& operation : operations) {
    if (defined_subcommands(*operation->command).empty()) continue;
    // The command also groups deeper ones: `auth verify-email` and `auth verify-email resend`.
    // Its required flags must not bind the deeper commands; run_operation checks them.
    for (auto& flag : operation->flags) flag.option->required(false);
    operation->command->require_subcommand(0, 1);
  }
  if (CLI::App* users = find_subcommand(app, "users"); users && !find_subcommand(app, "user"))
    users->alias("user");
}

}  // namespace fitkit::cli
