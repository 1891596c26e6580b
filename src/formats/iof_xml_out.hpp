// The pieces the IOF XML writers share: an indented XML text builder that escapes everything
// it is given, and the elements every IOF list holds (Event, Class, Person, Organisation).
// Every value is checked first, so what is written validates against IOF.xsd and reads
// back; a value that cannot be written is Error::invalid naming the field.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "formats/iof_xml.hpp"

namespace fitkit::formats::iof {

struct XmlAttribute {
  std::string_view name;
  std::string_view value;
};

class XmlText {
 public:
  std::string out;

  void open(std::string_view tag, std::initializer_list<XmlAttribute> attributes = {});
  void close(std::string_view tag);
  // <tag>text</tag> on a line of its own.
  void element(std::string_view tag, std::string_view text, std::initializer_list<XmlAttribute> attributes = {});
  void optional_element(std::string_view tag, const std::optional<std::string>& text);  // none when empty
  void number(std::string_view tag, double value, std::initializer_list<XmlAttribute> attributes = {});
  void integer(std::string_view tag, std::int64_t value, std::initializer_list<XmlAttribute> attributes = {});
  void date_time(std::string_view tag, std::int64_t epoch_ms);

  // Where the text stands, to go back there when an element cannot be finished.
  struct Mark {
    std::size_t size;
    int depth;
  };
  Mark mark() const noexcept { return {out.size(), depth_}; }
  void rewind(Mark m) {
    out.resize(m.size);
    depth_ = m.depth;
  }
  // Hands over the text written so far, keeping the depth.
  std::string take() { return std::exchange(out, {}); }

 private:
  void indent();
  void begin_tag(std::string_view tag, std::initializer_list<XmlAttribute> attributes);
  int depth_ = 0;
};

// `text` as XML 1.0 character data or attribute value, UTF-8: the markup characters as
// references; tab, line feed and carriage return as character references (so attributes keep
// them); characters XML 1.0 cannot hold and bytes that are not UTF-8 as U+FFFD.
void append_xml_escaped(std::string& out, std::string_view text);

// The shortest text that reads back as `value` (an xsd:double).
std::string format_double(double value);
// An xsd:dateTime in UTC: "2011-07-30T09:00:00Z", with milliseconds when there are any.
std::string format_date_time(std::int64_t epoch_ms);

// The XML declaration and the root element's start tag with iofVersion, createTime, creator
// and `status` when given; the closing tag.
void open_document(XmlText& xml, std::string_view root, std::int64_t create_time_ms, std::string_view creator,
                   std::string_view status = {});
void close_document(XmlText& xml, std::string_view root);

void write_event(XmlText& xml, const EventInfo& event);
void write_class(XmlText& xml, const ClassInfo& cls);
// A Person element, checked first (check_person).
void write_person(XmlText& xml, const Person& person);
void write_organisation(XmlText& xml, const std::optional<std::string>& name);

// Checks for the values the writers take; each throws Error::invalid(field, ...).
void check_time_ms(std::string_view field, std::int64_t epoch_ms);
void check_seconds(std::string_view field, const std::optional<double>& seconds);
void check_person(const Person& person);
// "Wood George" for error messages.
std::string describe(const Person& person);

}  // namespace fitkit::formats::iof
