#include "formats/iof_xml_out.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <utility>

#include "core/time_format.hpp"
#include "fitkit/error.hpp"
#include "formats/iof_values.hpp"
#include "formats/xml_values.hpp"

namespace fitkit::formats::iof {

namespace {

constexpr std::int64_t kDayMs = 86400000, kHourMs = 3600000;

// The length of the UTF-8 sequence at `text[i]` when it is well-formed and a character XML
// 1.0 allows, else 0.
std::size_t xml_char_length(std::string_view text, std::size_t i) noexcept {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b = byte(i);
  if (b < 0x80) return (b >= 0x20 || b == '\t' || b == '\n' || b == '\r') ? 1 : 0;
  std::size_t n = 0;
  char32_t c = 0;
  if (b >= 0xC2 && b <= 0xDF) n = 2, c = b & 0x1F;
  else if (b >= 0xE0 && b <= 0xEF) n = 3, c = b & 0x0F;
  else if (b >= 0xF0 && b <= 0xF4) n = 4, c = b & 0x07;
  else return 0;
  if (i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    c = (c << 6) | (byte(i + k) & 0x3F);
  }
  const bool overlong = (n == 3 && c < 0x800) || (n == 4 && c < 0x10000);
  if (overlong || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF) || c == 0xFFFE || c == 0xFFFF) return 0;
  return n;
}

// "hh:mm:ss" and ".mmm" when the milliseconds are not 0.
std::string clock_time(std::int64_t ms_of_day) {
  return format_date_time(ms_of_day).substr(11, ms_of_day % 1000 ? 12 : 8);
}

// An event's Date and Time: the date as given with the time of day of `start_ms` there, in
// the whole-hour offset nearest UTC that puts the instant on that date; the UTC date when no
// offset up to 14 hours does.
std::pair<std::string, std::string> event_start(const std::string& date, std::int64_t start_ms) {
  const auto midnight = parse_xml_time(date + "T00:00:00Z");
  const std::int64_t local = start_ms - *midnight;
  std::int64_t offset = 0;  // local clock minus UTC
  if (local < 0) offset = (-local + kHourMs - 1) / kHourMs * kHourMs;
  if (local >= kDayMs) offset = -((local - kDayMs) / kHourMs + 1) * kHourMs;
  if (std::llabs(offset) > 14 * kHourMs) {
    const std::string utc = format_date_time(start_ms);
    return {utc.substr(0, 10), utc.substr(11)};
  }
  if (offset == 0) return {date, clock_time(local) + "Z"};
  const std::int64_t hours = std::llabs(offset) / kHourMs;
  std::string zone = offset > 0 ? "+" : "-";
  zone += static_cast<char>('0' + hours / 10);
  zone += static_cast<char>('0' + hours % 10);
  return {date, clock_time(local + offset) + zone + ":00"};
}

}  // namespace

void append_xml_escaped(std::string& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = xml_char_length(text, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
      continue;
    }
    switch (text[i]) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\t': out += "&#9;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      default: out.append(text.substr(i, n));
    }
    i += n;
  }
}

std::string format_double(double value) {
  char buf[64];
  const auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
  return std::string(buf, end);
}

std::string format_date_time(std::int64_t epoch_ms) {
  std::string text = format_utc(epoch_ms);  // "...:05.678Z"
  if (text.size() > 5 && text.compare(text.size() - 5, 5, ".000Z") == 0) text.replace(text.size() - 5, 5, "Z");
  return text;
}

void XmlText::indent() { out.append(static_cast<std::size_t>(depth_) * 2, ' '); }

void XmlText::begin_tag(std::string_view tag, std::initializer_list<XmlAttribute> attributes) {
  indent();
  (out += '<') += tag;
  for (const auto& a : attributes) {
    ((out += ' ') += a.name) += "=\"";
    append_xml_escaped(out, a.value);
    out += '"';
  }
  out += '>';
}

void XmlText::open(std::string_view tag, std::initializer_list<XmlAttribute> attributes) {
  begin_tag(tag, attributes);
  out += '\n';
  ++depth_;
}

void XmlText::close(std::string_view tag) {
  --depth_;
  indent();
  ((out += "</") += tag) += ">\n";
}

void XmlText::element(std::string_view tag, std::string_view text, std::initializer_list<XmlAttribute> attributes) {
  begin_tag(tag, attributes);
  append_xml_escaped(out, text);
  ((out += "</") += tag) += ">\n";
}

void XmlText::optional_element(std::string_view tag, const std::optional<std::string>& text) {
  if (text) element(tag, *text);
}

void XmlText::number(std::string_view tag, double value, std::initializer_list<XmlAttribute> attributes) {
  element(tag, format_double(value), attributes);
}

void XmlText::integer(std::string_view tag, std::int64_t value, std::initializer_list<XmlAttribute> attributes) {
  element(tag, std::to_string(value), attributes);
}

void XmlText::date_time(std::string_view tag, std::int64_t epoch_ms) { element(tag, format_date_time(epoch_ms)); }

void open_document(XmlText& xml, std::string_view root, std::int64_t create_time_ms, std::string_view creator,
                   std::string_view status) {
  check_time_ms("create_time_ms", create_time_ms);
  xml.out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  const std::string created = format_date_time(create_time_ms);
  if (status.empty())
    xml.open(root, {{"xmlns", kNamespace}, {"iofVersion", "3.0"}, {"createTime", created}, {"creator", creator}});
  else
    xml.open(root, {{"xmlns", kNamespace}, {"iofVersion", "3.0"}, {"createTime", created}, {"creator", creator},
                    {"status", status}});
}

void close_document(XmlText& xml, std::string_view root) { xml.close(root); }

void write_event(XmlText& xml, const EventInfo& event) {
  if (event.start_date && !is_iso_date(*event.start_date))
    throw Error::invalid("start_date", "the event's start date \"" + *event.start_date + "\" is not YYYY-MM-DD");
  if (event.start_ms) check_time_ms("start_ms", *event.start_ms);
  xml.open("Event");
  xml.optional_element("Id", event.id);
  xml.element("Name", event.name);
  if (event.start_date || event.start_ms) {
    const auto [date, time] = event.start_ms ? event_start(event.start_date.value_or(format_date(*event.start_ms)),
                                                           *event.start_ms)
                                             : std::pair<std::string, std::string>{*event.start_date, ""};
    xml.open("StartTime");
    xml.element("Date", date);
    if (!time.empty()) xml.element("Time", time);
    xml.close("StartTime");
  }
  xml.close("Event");
}

void write_class(XmlText& xml, const ClassInfo& cls) {
  xml.open("Class");
  xml.optional_element("Id", cls.id);
  xml.element("Name", cls.name);
  xml.optional_element("ShortName", cls.short_name);
  xml.close("Class");
}

void write_person(XmlText& xml, const Person& person) {
  check_person(person);
  if (person.sex)
    xml.open("Person", {{"sex", *person.sex}});
  else
    xml.open("Person");
  xml.optional_element("Id", person.id);
  xml.open("Name");
  xml.element("Family", person.family);
  xml.element("Given", person.given);
  xml.close("Name");
  xml.optional_element("BirthDate", person.birth_date);
  if (person.nationality) xml.element("Nationality", *person.nationality, {{"code", *person.nationality}});
  xml.close("Person");
}

void write_organisation(XmlText& xml, const std::optional<std::string>& name) {
  if (!name) return;
  xml.open("Organisation");
  xml.element("Name", *name);
  xml.close("Organisation");
}

void check_time_ms(std::string_view field, std::int64_t epoch_ms) {
  if (epoch_ms < kMinTimeMs || epoch_ms > kMaxTimeMs)
    throw Error::invalid(std::string(field), std::string(field) + " " + std::to_string(epoch_ms) +
                                                 " is outside the years 0001 to 9999");
}

void check_seconds(std::string_view field, const std::optional<double>& seconds) {
  if (seconds && !(std::isfinite(*seconds) && *seconds >= 0))
    throw Error::invalid(std::string(field), std::string(field) + " " + format_double(*seconds) +
                                                 " is not a number of seconds from 0");
}

void check_person(const Person& person) {
  if (person.sex && *person.sex != "M" && *person.sex != "F")
    throw Error::invalid("sex", describe(person) + ": sex \"" + *person.sex + "\" is not M or F");
  if (person.birth_date && !is_iso_date(*person.birth_date))
    throw Error::invalid("birth_date", describe(person) + ": birth date \"" + *person.birth_date + "\" is not YYYY-MM-DD");
}

std::string describe(const Person& person) {
  std::string name = person.family;
  if (!person.given.empty()) (name += name.empty() ? "" : " ") += person.given;
  return name.empty() ? std::string("a competitor without a name") : name;
}

}  // namespace fitkit::formats::iof
