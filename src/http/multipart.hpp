// multipart/form-data (RFC 7578) request bodies: the parts of a file upload. The parts point
// into the body, which must outlive them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fitkit::http {

struct FormPart {
  std::string name;                     // the form field
  std::optional<std::string> filename;  // present for a file
  std::string_view content_type;        // as sent, or empty
  std::string_view data;
};

// The boundary of a multipart/form-data Content-Type, or empty when the type is another.
std::optional<std::string> multipart_boundary(std::string_view content_type);

// Every part of the body. Throws Error::invalid("", ...) for a body that does not follow the
// format: a missing boundary line, a part without a name, headers that do not end, more
// than 100 parts.
std::vector<FormPart> parse_multipart(std::string_view body, std::string_view boundary);

}  // namespace fitkit::http
