#include "http/router.hpp"

#include <algorithm>
#include <map>

#include "fitkit/error.hpp"

namespace fitkit::http {
namespace {

// "/v1/a/{b}" -> {"v1", "a", "{b}"}; the leading slash is implied.
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  if (!path.empty() && path[0] == '/') path.remove_prefix(1);
  while (true) {
    auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool is_template_param(std::string_view s) { return s.size() > 2 && s.front() == '{' && s.back() == '}'; }

}  // namespace

Router::Router(const api::Registry& registry) {
  std::map<std::string, std::size_t> by_shape;  // "/v1/a/{}" -> entry
  for (const api::Operation& op : registry.all()) {
    if (op.path.empty()) continue;  // not served over HTTP
    if (op.path[0] != '/') throw Error::internal("operation " + op.name + " has a path without a leading /");
    auto parts = split_path(op.path);
    std::string shape;
    std::vector<std::string> names;
    for (auto p : parts) {
      shape += '/';
      if (is_template_param(p)) {
        shape += "{}";
        names.emplace_back(p.substr(1, p.size() - 2));
      } else {
        shape += p;
      }
    }
    auto [it, added] = by_shape.try_emplace(shape, entries_.size());
    if (added) {
      PathEntry e;
      for (auto p : parts) {
        e.is_param.push_back(is_template_param(p));
        e.segments.emplace_back(e.is_param.back() ? std::string_view() : p);
      }
      entries_.push_back(std::move(e));
    }
    PathEntry& entry = entries_[it->second];
    auto m = static_cast<std::size_t>(op.method);
    if (entry.ops[m])
      throw Error::internal("operations " + entry.ops[m]->name + " and " + op.name + " share " +
                            std::string(api::to_string(op.method)) + " " + op.path);
    entry.ops[m] = &op;
    entry.param_names[m] = std::move(names);
    ops_.push_back(&op);
  }
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    PathEntry& e = entries_[i];
    for (std::size_t m = 0; m < kMethods; ++m) {
      if (!e.ops[m]) continue;
      if (!e.allow.empty()) e.allow += ", ";
      e.allow += api::to_string(static_cast<api::HttpMethod>(m));
    }
    if (std::find(e.is_param.begin(), e.is_param.end(), true) == e.is_param.end()) {
      std::string path;
      for (auto& s : e.segments) path += '/' + s;
      literal_.emplace(std::move(path), i);
    } else {
      templated_.push_back(i);
    }
  }
  // At the first segment where two templates differ, the literal one is more specific.
  std::stable_sort(templated_.begin(), templated_.end(),
                   [&](std::size_t a, std::size_t b) { return entries_[a].is_param < entries_[b].is_param; });
}

bool Router::fits(const PathEntry& entry, std::string_view path) const {
  if (path.empty() || path[0] != '/') return false;
  path.remove_prefix(1);
  for (std::size_t i = 0; i < entry.segments.size(); ++i) {
    auto slash = path.find('/');
    bool last = i + 1 == entry.segments.size();
    if (last != (slash == std::string_view::npos)) return false;
    std::string_view seg = path.substr(0, slash);
    if (entry.is_param[i] ? seg.empty() : seg != entry.segments[i]) return false;
    if (!last) path.remove_prefix(slash + 1);
  }
  return true;
}

void Router::fill(const PathEntry& entry, std::size_t method, std::string_view path, Match& out) const {
  out.op = entry.ops[method];
  out.allow = &entry.allow;
  const auto& names = entry.param_names[method];
  if (names.empty()) return;
  out.path_params.reserve(names.size());
  auto parts = split_path(path);
  std::size_t n = 0;
  for (std::size_t i = 0; i < parts.size(); ++i)
    if (entry.is_param[i]) out.path_params.emplace_back(names[n++], parts[i]);
}

Router::Match Router::match(std::optional<api::HttpMethod> method, std::string_view path) const {
  Match out;
  const PathEntry* first = nullptr;  // the first path that fits, for 405's Allow
  auto try_entry = [&](const PathEntry& e) {
    if (!first) first = &e;
    if (method && e.ops[static_cast<std::size_t>(*method)]) {
      fill(e, static_cast<std::size_t>(*method), path, out);
      return true;
    }
    return false;
  };
  if (auto it = literal_.find(path); it != literal_.end() && try_entry(entries_[it->second])) return out;
  for (std::size_t i : templated_)
    if (fits(entries_[i], path) && try_entry(entries_[i])) return out;
  if (first) out.allow = &first->allow;
  return out;
}

std::vector<std::string> Router::describe() const {
  std::vector<std::string> out;
  for (const api::Operation* op : ops_)
    out.push_back(std::string(api::to_string(op->method)) + " " + op->path + "  " + op->name);
  return out;
}

}  // namespace fitkit::http
