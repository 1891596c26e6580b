// Message templates per type and language (en, ru), with {placeholders}.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace fitkit::notify {

struct Rendered {
  std::string subject;
  std::string text;
};

using Vars = std::map<std::string, std::string, std::less<>>;

// Falls back to English for a language without the template; an unknown
// template is Error(internal): templates are code, not input.
Rendered render(std::string_view template_name, std::string_view language, const Vars& vars);

bool is_supported_language(std::string_view language);

}  // namespace fitkit::notify
