#include "http/etag.hpp"

#include <vector>

#include "core/crypto.hpp"

namespace fitkit::http {
namespace {

struct TagList {
  bool any = false;  // "*"
  struct Tag {
    bool weak;
    std::string_view opaque;  // with its quotes
  };
  std::vector<Tag> tags;
  bool malformed = false;
};

bool is_space(char c) { return c == ' ' || c == '\t'; }

// `#entity-tag` or "*", tolerant of empty list elements as RFC 9110 section 5.6.1 asks.
TagList parse_tags(std::string_view text) {
  TagList out;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (is_space(c) || c == ',') {
      ++i;
      continue;
    }
    if (c == '*') {
      out.any = true;
      ++i;
      continue;
    }
    bool weak = false;
    if (text.substr(i, 2) == "W/") {
      weak = true;
      i += 2;
    }
    if (i >= text.size() || text[i] != '"') {
      out.malformed = true;
      return out;
    }
    const std::size_t close = text.find('"', i + 1);
    if (close == std::string_view::npos) {
      out.malformed = true;
      return out;
    }
    out.tags.push_back({weak, text.substr(i, close - i + 1)});
    i = close + 1;
  }
  return out;
}

std::string_view opaque_of(std::string_view etag) { return etag.starts_with("W/") ? etag.substr(2) : etag; }

}  // namespace

std::string strong_etag(std::string_view body) {
  return "\"" + crypto::base64url_encode(crypto::sha256(body)).substr(0, 22) + "\"";
}

bool none_match_fails(std::string_view if_none_match, std::string_view etag) {
  const TagList list = parse_tags(if_none_match);
  if (list.malformed) return false;
  if (list.any) return true;
  const std::string_view mine = opaque_of(etag);
  for (const auto& tag : list.tags)
    if (tag.opaque == mine) return true;
  return false;
}

bool if_match_holds(std::string_view if_match, const std::optional<std::string>& current) {
  if (!current) return false;
  const TagList list = parse_tags(if_match);
  if (list.malformed) return false;
  if (list.any) return true;
  if (current->starts_with("W/")) return false;
  for (const auto& tag : list.tags)
    if (!tag.weak && tag.opaque == *current) return true;
  return false;
}

}  // namespace fitkit::http
