#include "formats/xml_stream.hpp"

#include <expat.h>

#include <array>
#include <cstring>
#include <new>
#include <utility>

#include "fitkit/error.hpp"

namespace fitkit::formats {

namespace {

// Separates a namespace URI from the local name in what expat reports. It cannot occur in a
// URI: XML 1.0 forbids the character itself and any reference to it.
constexpr char kNamespaceSeparator = '\x01';

XmlName split_name(const char* name) noexcept {
  const std::string_view full(name);
  const auto sep = full.find(kNamespaceSeparator);
  if (sep == std::string_view::npos) return {{}, full};
  return {full.substr(0, sep), full.substr(sep + 1)};
}

// windows-1252, the one single-byte encoding beyond expat's own (UTF-8, UTF-16, ISO-8859-1,
// US-ASCII) that GPX files written on Windows still use. -1: a byte the encoding leaves out.
constexpr std::array<int, 32> kWindows1252High = {
    0x20AC, -1,     0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, -1,     0x017D, -1,     -1,     0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, -1,     0x017E, 0x0178};

bool equals_ignoring_case(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

int XMLCALL on_unknown_encoding(void*, const XML_Char* name, XML_Encoding* info) {
  const std::string_view n(name);
  if (!equals_ignoring_case(n, "windows-1252") && !equals_ignoring_case(n, "cp1252")) return XML_STATUS_ERROR;
  for (int i = 0; i < 256; ++i) info->map[i] = i;
  for (int i = 0; i < 32; ++i) info->map[0x80 + i] = kWindows1252High[static_cast<std::size_t>(i)];
  info->data = nullptr;
  info->convert = nullptr;
  info->release = nullptr;
  return XML_STATUS_OK;
}

}  // namespace

void refuse_xml(std::string what) { throw XmlRefusal{std::move(what)}; }

const char* xml_attribute(const char** attributes, std::string_view local) noexcept {
  for (; attributes[0]; attributes += 2)
    if (attributes[0] == local) return attributes[1];
  return nullptr;
}

std::string shorten_for_message(std::string_view text, std::size_t max_bytes) {
  std::string out;
  std::size_t cut = text.size();
  if (cut > max_bytes) {
    cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  }
  for (char c : text.substr(0, cut)) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  if (cut < text.size()) out += "...";
  return out;
}

std::string describe_xml_name(const XmlName& name) {
  constexpr std::size_t kMax = 100;
  if (name.ns.empty()) return shorten_for_message(name.local, kMax);
  return "{" + shorten_for_message(name.ns, kMax) + "}" + shorten_for_message(name.local, kMax);
}

struct XmlStream::State {
  State(std::string_view format_name, XmlHandler& h) : format(format_name), handler(h) {}

  std::string format;
  XmlHandler& handler;
  XML_Parser parser = nullptr;
  std::array<XmlTag, kMaxDepth + 1> stack{};  // the tags of the open, handled elements
  std::size_t top = 0;                        // stack[top] is the innermost one
  std::size_t depth = 0;                      // every open element, ignored ones too
  std::size_t ignored_depth = 0;              // open elements inside an ignored one
  std::string text;                           // the collected element's text so far
  std::uint64_t fed = 0;                      // bytes given to expat
  std::exception_ptr failure;                 // what a callback threw, raised after expat returns

  [[noreturn]] void throw_at_position(std::string_view what) const {
    throw Error::invalid("file", format + ": " + std::string(what) + " at line " +
                                     std::to_string(XML_GetCurrentLineNumber(parser)) + ", column " +
                                     std::to_string(XML_GetCurrentColumnNumber(parser) + 1));
  }

  // Called from a callback: keep what went wrong and stop expat; it is raised once expat has
  // returned, since an exception must not unwind through C frames.
  void stop_with_current_exception() noexcept {
    try {
      throw;
    } catch (const XmlRefusal& refusal) {
      try {
        throw_at_position(refusal.what);
      } catch (...) {
        failure = std::current_exception();
      }
    } catch (...) {
      failure = std::current_exception();
    }
    XML_StopParser(parser, XML_FALSE);
  }

  void collect_text_of(XmlTag tag) noexcept {
    XML_SetCharacterDataHandler(parser, (tag & kCollectText) ? &State::on_text : nullptr);
  }

  static void XMLCALL on_start(void* self, const XML_Char* name, const XML_Char** attributes) {
    auto& s = *static_cast<State*>(self);
    if (s.failure) return;
    try {
      if (++s.depth > kMaxDepth) refuse_xml("elements nested deeper than " + std::to_string(kMaxDepth));
      if (s.ignored_depth > 0) {
        ++s.ignored_depth;
        return;
      }
      const XmlTag tag = s.handler.start(s.stack[s.top], split_name(name), attributes);
      if (tag == kIgnoredTag) {
        s.ignored_depth = 1;
        XML_SetCharacterDataHandler(s.parser, nullptr);
        return;
      }
      s.stack[++s.top] = tag;
      if (tag & kCollectText) s.text.clear();
      s.collect_text_of(tag);
    } catch (...) {
      s.stop_with_current_exception();
    }
  }

  static void XMLCALL on_end(void* self, const XML_Char*) {
    auto& s = *static_cast<State*>(self);
    if (s.failure) return;
    --s.depth;
    if (s.ignored_depth > 0) {
      if (--s.ignored_depth == 0) s.collect_text_of(s.stack[s.top]);
      return;
    }
    const XmlTag tag = s.stack[s.top--];
    try {
      s.handler.end(tag, (tag & kCollectText) ? std::string_view(s.text) : std::string_view());
      s.collect_text_of(s.stack[s.top]);
    } catch (...) {
      s.stop_with_current_exception();
    }
  }

  static void XMLCALL on_text(void* self, const XML_Char* data, int size) {
    auto& s = *static_cast<State*>(self);
    if (s.failure) return;
    try {
      if (s.text.size() + static_cast<std::size_t>(size) > kMaxText)
        refuse_xml("an element's text is longer than " + std::to_string(kMaxText) + " bytes");
      s.text.append(data, static_cast<std::size_t>(size));
    } catch (...) {
      s.stop_with_current_exception();
    }
  }

  static void XMLCALL on_doctype(void* self, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    auto& s = *static_cast<State*>(self);
    if (s.failure) return;
    try {
      refuse_xml("a DOCTYPE is not allowed (nor the entities it could declare)");
    } catch (...) {
      s.stop_with_current_exception();
    }
  }

  // Unreachable while every DOCTYPE is refused; a second lock on the same door.
  static void XMLCALL on_entity(void* self, const XML_Char*, int, const XML_Char*, int, const XML_Char*,
                                const XML_Char*, const XML_Char*, const XML_Char*) {
    auto& s = *static_cast<State*>(self);
    if (s.failure) return;
    try {
      refuse_xml("an entity declaration is not allowed");
    } catch (...) {
      s.stop_with_current_exception();
    }
  }
};

XmlStream::XmlStream(std::string_view format, XmlHandler& handler)
    : state_(std::make_unique<State>(format, handler)) {
  State& s = *state_;
  s.parser = XML_ParserCreateNS(nullptr, kNamespaceSeparator);
  if (!s.parser) throw std::bad_alloc();
  s.stack[0] = kDocumentTag;
  s.text.reserve(256);
  XML_SetUserData(s.parser, &s);
  XML_SetElementHandler(s.parser, &State::on_start, &State::on_end);
  XML_SetStartDoctypeDeclHandler(s.parser, &State::on_doctype);
  XML_SetEntityDeclHandler(s.parser, &State::on_entity);
  XML_SetParamEntityParsing(s.parser, XML_PARAM_ENTITY_PARSING_NEVER);
  XML_SetUnknownEncodingHandler(s.parser, &on_unknown_encoding, nullptr);
}

XmlStream::~XmlStream() {
  if (state_ && state_->parser) XML_ParserFree(state_->parser);
}

std::size_t XmlStream::line() const noexcept {
  return static_cast<std::size_t>(XML_GetCurrentLineNumber(state_->parser));
}

void XmlStream::parse(ByteSource& in) {
  State& s = *state_;
  for (;;) {
    void* buffer = XML_GetBuffer(s.parser, static_cast<int>(kChunk));
    if (!buffer) {
      if (XML_GetErrorCode(s.parser) == XML_ERROR_NO_MEMORY) throw std::bad_alloc();
      throw Error::invalid("file", s.format + ": the document cannot be read twice");
    }
    const std::size_t n = in.read(static_cast<char*>(buffer), kChunk);
    s.fed += n;
    const bool last = n == 0;
    if (XML_ParseBuffer(s.parser, static_cast<int>(n), last) != XML_STATUS_OK) {
      if (s.failure) std::rethrow_exception(s.failure);
      s.throw_at_position(std::string("malformed XML: ") + XML_ErrorString(XML_GetErrorCode(s.parser)));
    }
    if (last) return;
    // Whatever expat has not consumed yet is one unfinished token (a tag, a comment, ...):
    // it would hold all of it in memory, so a token that long is refused.
    const XML_Index consumed = XML_GetCurrentByteIndex(s.parser);
    if (consumed >= 0 && s.fed - static_cast<std::uint64_t>(consumed) > kMaxToken)
      s.throw_at_position("a tag, comment or other token longer than " + std::to_string(kMaxToken) +
                          " bytes");
  }
}

}  // namespace fitkit::formats
