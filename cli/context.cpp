#include "context.hpp"

#include <unistd.h>

#include <iostream>

#include "input.hpp"

namespace fitkit::cli {

Context::Context(GlobalOptions options) : options_(std::move(options)) {
  bool terminal = isatty(STDOUT_FILENO) == 1;
  if (!options_.format.empty()) style_.format = *parse_format(options_.format);
  else style_.format = terminal ? Format::table : Format::tsv;
  style_.color = color_allowed(terminal);
  style_.terminal = terminal;
}

Context::~Context() = default;

Platform& Context::platform() {
  if (!platform_) platform_ = Platform::open(platform_options(options_));
  return *platform_;
}

Origin Context::origin() const { return Origin{"", "fitctl/" + std::string(kFitctlVersion)}; }

const Actor& Context::actor() {
  if (actor_) return *actor_;
  if (!options_.as_user.empty()) {
    // resolve_global_options has refused --as for databases that are not local.
    if (options_.as_user == "system") actor_ = Actor::system();
    else actor_ = platform().act_as(options_.as_user, origin());
  } else if (!options_.token.empty()) {
    std::string token = options_.token == "-" ? read_secret_line("access token") : options_.token;
    actor_ = platform().authenticate(token, origin());
  } else {
    actor_ = Actor::anonymous(origin());
  }
  return *actor_;
}

void Context::print(const Json& result, std::string_view list_field) {
  print_result(std::cout, std::cerr, result, list_field, style_);
  std::cout.flush();
}

}  // namespace fitkit::cli
