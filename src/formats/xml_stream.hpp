// A small driver over expat for the XML activity formats (GPX, TCX). It feeds the parser from
// a ByteSource a chunk at a time, keeps the stack of open elements as small numbers (tags) the
// handler chose, hands over the text of the elements the handler asked for, and turns every
// failure into Error(invalid_argument) naming the line and column.
//
// Hostile documents: a DOCTYPE is refused outright, so no entity can ever be declared (no
// "billion laughs", no external entity); depth, collected text and the size of any one token
// are capped, so memory stays bounded whatever the input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <string_view>

#include "formats/byte_source.hpp"

namespace fitkit::formats {

// An element's name as the namespace-aware parser reports it.
struct XmlName {
  std::string_view ns;     // the namespace URI; empty when the element has none
  std::string_view local;  // the name without its prefix
};

// A tag is a number the handler gives an element when it opens; the driver gives it back as
// the parent of the element's children and at the element's end, so the handler never
// compares a name twice and never keeps a stack of its own.
using XmlTag = std::uint16_t;
inline constexpr XmlTag kIgnoredTag = 0;           // skip the element and all it contains
inline constexpr XmlTag kDocumentTag = 1;          // the parent of the root element
inline constexpr XmlTag kCollectText = 0x8000;     // a bit: pass the element's text to end()

class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  // An element opens inside `parent`. `attributes` is expat's array: name, value, ..., null;
  // see xml_attribute(). Not called inside an ignored element.
  virtual XmlTag start(XmlTag parent, const XmlName& name, const char** attributes) = 0;
  // The element that start() tagged closes. `text` is its character data (as written, not
  // trimmed) when the tag has kCollectText, else empty. Valid only during the call.
  virtual void end(XmlTag tag, std::string_view text) = 0;
};

// What a handler throws to refuse the document; the driver adds the format and the position.
struct XmlRefusal {
  std::string what;
};
[[noreturn]] void refuse_xml(std::string what);

// The value of the attribute `local` written without a prefix, or null.
const char* xml_attribute(const char** attributes, std::string_view local) noexcept;

// `text` for an error message: at most `max_bytes` (cut on a character boundary, "..." added),
// on one line.
std::string shorten_for_message(std::string_view text, std::size_t max_bytes = 40);
// An element's name for an error message: "local" or "{namespace}local", each shortened.
std::string describe_xml_name(const XmlName& name);

class XmlStream {
 public:
  static constexpr std::size_t kMaxDepth = 128;         // elements open at once
  static constexpr std::size_t kMaxText = 64 * 1024;    // text of one collected element
  static constexpr std::size_t kMaxToken = 1 << 20;     // one tag, comment or other token
  static constexpr std::size_t kChunk = 64 * 1024;      // bytes asked of the source at a time

  // `format` starts every error message: "GPX" gives "GPX: ... at line 3, column 7".
  XmlStream(std::string_view format, XmlHandler& handler);
  ~XmlStream();
  XmlStream(const XmlStream&) = delete;
  XmlStream& operator=(const XmlStream&) = delete;

  // Parses the whole input, once. Throws Error::invalid("file", ...) for a document that is
  // not well-formed or that the handler refuses; the source's own errors and the sink's
  // exceptions pass through unchanged.
  void parse(ByteSource& in);

  // The line (from 1) of the event being handled; a handler may call it from start() or end().
  std::size_t line() const noexcept;

  struct State;

 private:
  std::unique_ptr<State> state_;
};

}  // namespace fitkit::formats
