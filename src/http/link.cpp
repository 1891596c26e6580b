#include "http/link.hpp"

#include <optional>

namespace fitkit::http {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";

bool is_unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

void append_encoded(std::string& out, unsigned char c) {
  out += '%';
  out += kHex[c >> 4];
  out += kHex[c & 15];
}

// Raw path or query text as received: kept where it is a valid URI character (and an
// existing %XX escape), encoded elsewhere.
void append_uri_text(std::string& out, std::string_view text, bool in_query) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const bool keep = is_unreserved(c) || c == '!' || c == '$' || c == '\'' || c == '(' || c == ')' ||
                      c == '*' || c == '+' || c == ',' || c == ';' || c == ':' || c == '@' || c == '/' ||
                      (in_query && (c == '=' || c == '?')) || (!in_query && c == '=');
    if (keep) {
      out += static_cast<char>(c);
    } else if (c == '%' && i + 2 < text.size() && is_hex(text[i + 1]) && is_hex(text[i + 2])) {
      out.append(text.substr(i, 3));
      i += 2;
    } else {
      append_encoded(out, c);
    }
  }
}

// A query key, decoded ('+' is a space); nullopt for a bad escape.
std::optional<std::string> decode_key(std::string_view raw) {
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '+') {
      out += ' ';
    } else if (raw[i] == '%') {
      if (i + 2 >= raw.size() || !is_hex(raw[i + 1]) || !is_hex(raw[i + 2])) return std::nullopt;
      out += static_cast<char>(hex_value(raw[i + 1]) * 16 + hex_value(raw[i + 2]));
      i += 2;
    } else {
      out += raw[i];
    }
  }
  return out;
}

}  // namespace

std::string next_page_link(std::string_view path, std::string_view query, std::string_view next_cursor,
                           std::string_view cursor_param) {
  std::string out = "<";
  append_uri_text(out, path, false);
  out += '?';
  bool first = true;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const auto key = decode_key(pair.substr(0, pair.find('=')));
    if (key && *key == cursor_param) continue;
    if (!first) out += '&';
    append_uri_text(out, pair, true);
    first = false;
  }
  if (!first) out += '&';
  for (unsigned char c : cursor_param) is_unreserved(c) ? void(out += static_cast<char>(c)) : append_encoded(out, c);
  out += '=';
  for (unsigned char c : next_cursor) is_unreserved(c) ? void(out += static_cast<char>(c)) : append_encoded(out, c);
  out += R"(>; rel="next")";
  return out;
}

}  // namespace fitkit::http
