// Files compiled into the library (migrations, word lists, templates).
#pragma once

#include <cstddef>
#include <string_view>

namespace fitkit {

struct EmbeddedFile {
  std::string_view name;
  std::string_view content;
};

}  // namespace fitkit
