#include "http/multipart.hpp"

#include <algorithm>
#include <cctype>

#include "fitkit/error.hpp"

namespace fitkit::http {
namespace {

constexpr std::size_t kMaxParts = 100;
constexpr std::size_t kMaxPartHeaderBytes = 8 * 1024;

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Error malformed(const std::string& why) { return Error::invalid("", "the multipart/form-data body " + why); }

// A parameter of a header value (`name="file"` in `form-data; name="file"`), quoted or not.
std::optional<std::string> header_parameter(std::string_view value, std::string_view wanted) {
  std::size_t pos = value.find(';');
  while (pos != std::string_view::npos) {
    std::string_view rest = trim(value.substr(pos + 1));
    const auto eq = rest.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    const std::string key = lower(trim(rest.substr(0, eq)));
    rest = trim(rest.substr(eq + 1));
    std::string v;
    std::size_t end = 0;
    if (!rest.empty() && rest.front() == '"') {
      std::size_t i = 1;
      for (; i < rest.size() && rest[i] != '"'; ++i) {
        if (rest[i] == '\\' && i + 1 < rest.size()) ++i;
        v.push_back(rest[i]);
      }
      if (i >= rest.size()) throw malformed("has an unterminated quoted parameter");
      end = i + 1;
    } else {
      end = std::min(rest.find(';'), rest.size());
      v = std::string(trim(rest.substr(0, end)));
    }
    if (key == wanted) return v;
    const auto next = rest.find(';', end);
    if (next == std::string_view::npos) return std::nullopt;
    pos = static_cast<std::size_t>(rest.data() + next - value.data());
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  const auto type = lower(trim(content_type.substr(0, content_type.find(';'))));
  if (type != "multipart/form-data") return std::nullopt;
  auto boundary = header_parameter(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 70)
    throw Error::invalid("Content-Type", "multipart/form-data needs a boundary of 1 to 70 characters");
  return boundary;
}

std::vector<FormPart> parse_multipart(std::string_view body, std::string_view boundary) {
  const std::string delimiter = "--" + std::string(boundary);
  // The first delimiter may follow a preamble; every later one follows a CRLF.
  std::size_t pos = body.starts_with(delimiter) ? 0 : body.find("\r\n" + delimiter);
  if (pos == std::string_view::npos) throw malformed("has no boundary line");
  if (pos != 0) pos += 2;
  std::vector<FormPart> parts;
  while (true) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--") return parts;  // the closing delimiter
    if (body.substr(pos, 2) != "\r\n") throw malformed("has a boundary line that does not end in CRLF");
    pos += 2;
    const auto headers_end = body.find("\r\n\r\n", pos);
    if (headers_end == std::string_view::npos || headers_end - pos > kMaxPartHeaderBytes)
      throw malformed("has a part whose headers do not end");
    FormPart part;
    bool has_name = false;
    std::string_view headers = body.substr(pos, headers_end - pos);
    while (!headers.empty()) {
      const auto eol = headers.find("\r\n");
      const std::string_view line = headers.substr(0, eol);
      headers = eol == std::string_view::npos ? std::string_view() : headers.substr(eol + 2);
      const auto colon = line.find(':');
      if (colon == std::string_view::npos) throw malformed("has a part header without a colon");
      const auto field = lower(trim(line.substr(0, colon)));
      const auto value = trim(line.substr(colon + 1));
      if (field == "content-disposition") {
        if (lower(trim(value.substr(0, value.find(';')))) != "form-data")
          throw malformed("has a part that is not form-data");
        if (auto name = header_parameter(value, "name")) {
          part.name = *name;
          has_name = true;
        }
        part.filename = header_parameter(value, "filename");
      } else if (field == "content-type") {
        part.content_type = value;
      }
    }
    if (!has_name) throw malformed("has a part without a name");
    const auto data_start = headers_end + 4;
    const auto next = body.find("\r\n" + delimiter, data_start);
    if (next == std::string_view::npos) throw malformed("ends before its closing boundary");
    part.data = body.substr(data_start, next - data_start);
    if (parts.size() >= kMaxParts) throw malformed("has more than 100 parts");
    parts.push_back(std::move(part));
    pos = next + 2;
  }
}

}  // namespace fitkit::http
