// The text of the PostgreSQL driver: its URLs and the rewriting of placeholders.
#include "storage/postgres/postgres_text.hpp"

#include <algorithm>
#include <charconv>

#include "fitkit/error.hpp"

namespace fitkit::storage {
namespace {

bool is_ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

}  // namespace

ParsedUrl parse_url(const std::string& url) {
  ParsedUrl out;
  const auto q = url.find('?');
  out.conninfo = url.substr(0, q);
  if (q != std::string::npos) {
    std::string kept;
    std::string_view rest = std::string_view(url).substr(q + 1);
    while (!rest.empty()) {
      const auto amp = rest.find('&');
      const std::string_view pair = rest.substr(0, amp);
      rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
      if (pair.starts_with("pool_size=")) {
        const std::string_view v = pair.substr(10);
        auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out.pool_size);
        if (ec != std::errc() || p != v.data() + v.size() || out.pool_size < 1 || out.pool_size > 1000)
          throw Error::invalid("db", "pool_size must be a whole number from 1 to 1000");
        continue;
      }
      if (pair.starts_with("password=")) out.password = std::string(pair.substr(9));
      kept += (kept.empty() ? "" : "&") + std::string(pair);
    }
    if (!kept.empty()) out.conninfo += "?" + kept;
  }
  const auto scheme_end = url.find("://");
  const auto authority_end = url.find_first_of("/?", scheme_end + 3);
  const std::string_view authority =
      std::string_view(url).substr(scheme_end + 3, authority_end - (scheme_end + 3));
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    const auto colon = authority.substr(0, at).find(':');
    if (colon != std::string_view::npos)
      out.password = std::string(authority.substr(colon + 1, at - colon - 1));
  }
  return out;
}

std::string mask_postgres_password(std::string_view url) {
  std::string out(url);
  const auto scheme_end = out.find("://");
  if (scheme_end != std::string::npos) {
    const auto start = scheme_end + 3;
    const auto authority_end = std::min(out.find_first_of("/?", start), out.size());
    const auto at = out.rfind('@', authority_end - 1);
    if (at != std::string::npos && at >= start) {
      const auto colon = out.find(':', start);
      if (colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  const auto query = out.find('?');
  for (auto at = out.find("password=", query); query != std::string::npos && at != std::string::npos;
       at = out.find("password=", at + 12)) {
    // password= and sslpassword= (the client key's passphrase) are both secrets.
    const auto key = at >= 3 && out.compare(at - 3, 3, "ssl") == 0 ? at - 3 : at;
    if (out[key - 1] != '?' && out[key - 1] != '&') continue;
    const auto value = at + 9;
    const auto end = std::min(out.find('&', value), out.size());
    out.replace(value, end - value, "***");
  }
  return out;
}

std::pair<std::string, int> rewrite_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 8);
  int count = 0;
  std::size_t i = 0;
  const auto copy_until = [&](std::size_t end) {
    end = std::min(end, sql.size());
    out.append(sql.substr(i, end - i));
    i = end;
  };
  while (i < sql.size()) {
    const char c = sql[i];
    if (c == '?') {
      out += "$" + std::to_string(++count);
      ++i;
    } else if (c == '\'' || c == '"') {
      // E'...' strings take backslash escapes; elsewhere a doubled quote is the escape,
      // which scanning from quote to quote handles by itself.
      const bool escapes = c == '\'' && i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') &&
                           (i < 2 || !is_ident_char(sql[i - 2]));
      std::size_t j = i + 1;
      while (j < sql.size() && sql[j] != c) j += (escapes && sql[j] == '\\') ? 2 : 1;
      copy_until(j + 1);
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      copy_until(sql.find('\n', i));
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      const auto end = sql.find("*/", i + 2);
      copy_until(end == std::string_view::npos ? sql.size() : end + 2);
    } else if (c == '$' && (i == 0 || !is_ident_char(sql[i - 1]))) {
      // A dollar-quoted string: $tag$ ... $tag$.
      std::size_t j = i + 1;
      while (j < sql.size() && is_ident_char(sql[j]) && !(sql[j] >= '0' && sql[j] <= '9' && j == i + 1)) ++j;
      if (j < sql.size() && sql[j] == '$') {
        const std::string_view tag = sql.substr(i, j - i + 1);
        const auto end = sql.find(tag, j + 1);
        copy_until(end == std::string_view::npos ? sql.size() : end + tag.size());
      } else {
        copy_until(i + 1);
      }
    } else {
      out += c;
      ++i;
    }
  }
  return {std::move(out), count};
}

}  // namespace fitkit::storage
