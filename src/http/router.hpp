// Method + path -> operation, built once from the registry. A path template's
// "{name}" segments match any one non-empty segment; literal segments win.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "api/registry.hpp"

namespace fitkit::http {

class Router {
 public:
  // Throws Error(internal) when two operations claim the same method and path.
  explicit Router(const api::Registry& registry);

  struct Match {
    const api::Operation* op = nullptr;  // null: no operation for this method (see allow)
    const std::string* allow = nullptr;  // the path exists: its methods, "GET, POST"
    // Path parameters as they appear in the path (still percent-encoded).
    std::vector<std::pair<std::string_view, std::string_view>> path_params;
  };

  // `method` is nullopt for a method no operation uses (HEAD, OPTIONS, ...).
  // Neither op nor allow set: no such path.
  Match match(std::optional<api::HttpMethod> method, std::string_view path) const;

  // Every route as "METHOD /path  operation", in registry order.
  std::vector<std::string> describe() const;

 private:
  static constexpr std::size_t kMethods = 5;  // api::HttpMethod's values
  struct PathEntry {
    std::vector<std::string> segments;  // literal text; "" for a parameter
    std::vector<bool> is_param;
    std::array<const api::Operation*, kMethods> ops{};
    std::array<std::vector<std::string>, kMethods> param_names;  // each template's own names
    std::string allow;
  };
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };

  bool fits(const PathEntry& entry, std::string_view path) const;
  void fill(const PathEntry& entry, std::size_t method, std::string_view path, Match& out) const;

  std::vector<PathEntry> entries_;
  std::vector<const api::Operation*> ops_;  // registry order, for describe()
  std::unordered_map<std::string, std::size_t, StringHash, std::equal_to<>> literal_;  // no parameters
  std::vector<std::size_t> templated_;  // tried in order: literal segments first
};

}  // namespace fitkit::http
