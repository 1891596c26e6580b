// The expat driver of the XML readers (names, namespaces, collected text, skipped subtrees,
// the caps that keep memory bounded, positions in errors) and the value parsers under them.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "fitkit/error.hpp"
#include "formats/byte_source.hpp"
#include "formats/xml_stream.hpp"
#include "formats/xml_values.hpp"
#include "unit/formats/xml_reader_support.hpp"

using namespace fitkit;
using namespace fitkit::formats;

namespace {

// Tags every element but <skip> (and what it holds), collects the text of <t>, and refuses
// <bad>; writes down what it sees.
class Recorder final : public XmlHandler {
 public:
  std::vector<std::string> seen;

  XmlTag start(XmlTag parent, const XmlName& name, const char** attributes) override {
    if (name.local == "skip") return kIgnoredTag;
    if (name.local == "bad") refuse_xml("a bad element");
    std::string line = "start " + std::to_string(parent) + " {" + std::string(name.ns) + "}" + std::string(name.local);
    if (const char* id = xml_attribute(attributes, "id")) line += " id=" + std::string(id);
    seen.push_back(line);
    return name.local == "t" ? XmlTag(kCollectText | 7) : XmlTag(2);
  }
  void end(XmlTag tag, std::string_view text) override {
    seen.push_back("end " + std::to_string(tag & ~kCollectText) + " [" + std::string(text) + "]");
  }
};

std::vector<std::string> run(std::string_view document) {
  Recorder recorder;
  XmlStream stream("TEST", recorder);
  MemorySource in(document);
  stream.parse(in);
  return recorder.seen;
}

std::string refusal(std::string_view document) {
  try {
    run(document);
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::invalid_argument);
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("xml stream: names with their namespaces, tags, collected text and skipped subtrees") {
  const auto seen = run(R"(<r xmlns="urn:a" xmlns:b="urn:b" id="1"><b:t b:id="x">one &amp; <![CDATA[two]]></b:t><skip><t>no</t><bad/></skip><t xmlns="">three<skip>x</skip>!</t><u/></r>)");
  CHECK(seen == std::vector<std::string>{
                    "start 1 {urn:a}r id=1",
                    "start 2 {urn:b}t",  // b:id has a namespace: not the attribute "id"
                    "end 7 [one & two]",
                    "start 2 {}t",
                    "end 7 [three!]",
                    "start 2 {urn:a}u",
                    "end 2 []",
                    "end 2 []",
                });
}

TEST_CASE("xml stream: a handler's refusal and expat's errors name the line and column") {
  CHECK(refusal("<r>\n  <bad/></r>") == "TEST: a bad element at line 2, column 3");
  CHECK(refusal("<r>\n<a></b></r>") == "TEST: malformed XML: mismatched tag at line 2, column 6");
  CHECK(refusal("<r/><r/>") == "TEST: malformed XML: junk after document element at line 1, column 5");
  CHECK(refusal("<?xml version=\"1.0\" encoding=\"koi8-r\"?><r/>") ==
        "TEST: malformed XML: unknown encoding at line 1, column 31");
  CHECK(refusal("<r>\xff</r>") == "TEST: malformed XML: not well-formed (invalid token) at line 1, column 4");
}

TEST_CASE("xml stream: names and text in messages are cut short") {
  CHECK(shorten_for_message("2024-05-01T07:30:00Z") == "2024-05-01T07:30:00Z");
  CHECK(shorten_for_message("line\none\ttwo") == "line one two");
  CHECK(shorten_for_message(std::string(50, 'x')) == std::string(40, 'x') + "...");
  CHECK(shorten_for_message(std::string(39, 'x') + "\xC3\xA9") == std::string(39, 'x') + "...");  // not half an é
  const std::string ns(500, 'n');
  CHECK(describe_xml_name({ns, "gpx"}) == "{" + std::string(100, 'n') + "...}gpx");
  CHECK(describe_xml_name({{}, "gpx"}) == "gpx");
}

TEST_CASE("xml stream: depth, text and token sizes are capped") {
  std::string deep;
  for (int i = 0; i < 200; ++i) deep += "<a>";
  CHECK(refusal(deep).find("TEST: elements nested deeper than 128 at line 1, column 385") == 0);
  // The same inside a skipped element: expat would otherwise keep every open name.
  CHECK(refusal("<r><skip>" + deep).find("TEST: elements nested deeper than 128") == 0);

  const std::string long_text(XmlStream::kMaxText + 1, 'x');
  CHECK(refusal("<r><t>" + long_text + "</t></r>").find("TEST: an element's text is longer than 65536 bytes") == 0);
  // Text that is not collected streams through whatever its length.
  const std::string huge(4 * XmlStream::kMaxToken, 'x');
  CHECK(run("<r><skip>" + huge + "</skip><u>" + huge + "</u></r>").size() == 4);

  // One token that long would be held whole: refused.
  CHECK(refusal("<r><!--" + huge + "--></r>").find("TEST: a tag, comment or other token longer than 1048576 bytes") ==
        0);
  CHECK(refusal("<r a=\"" + huge + "\"/>").find("TEST: a tag, comment or other token longer than") == 0);
}

TEST_CASE("xml stream: a document is parsed the same however its bytes are cut") {
  const std::string doc = "\xEF\xBB\xBF<r><t>caf\xC3\xA9 \xE2\x82\xAC</t><skip>&lt;<t/></skip><t>&#x41;&#66;</t></r>";
  const auto whole = run(doc);
  Recorder recorder;
  XmlStream stream("TEST", recorder);
  fitkit::test::xml_readers::ByteByByteSource in(doc);
  stream.parse(in);
  CHECK(recorder.seen == whole);
  CHECK(whole.at(2) == "end 7 [café €]");
  CHECK(whole.at(4) == "end 7 [AB]");
}

TEST_CASE("xml values: numbers") {
  CHECK(parse_xml_number("12") == 12.0);
  CHECK(parse_xml_number("-0.5") == -0.5);
  CHECK(parse_xml_number(".5") == 0.5);
  CHECK(parse_xml_number("5.") == 5.0);
  CHECK(parse_xml_number("-.0") == 0.0);
  CHECK(parse_xml_number("+3") == 3.0);
  CHECK(parse_xml_number("1e-5") == 1e-5);
  CHECK(parse_xml_number("0.000091697") == 0.000091697);
  for (const char* bad : {"", "+", "-", "+-1", "1,5", "12 m", " 1", "NaN", "nan", "INF", "-inf", "infinity", "0x10",
                          "1e999", "--1"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_xml_number(bad));
  }
  CHECK(trim_xml_space(" \t\r\n 1.5 \n") == "1.5");
  CHECK(trim_xml_space("  ") == "");
}

TEST_CASE("xml values: ISO 8601 times") {
  CHECK(parse_xml_time("1970-01-01T00:00:00Z") == 0);
  CHECK(parse_xml_time("2024-05-01T07:30:00Z") == 1714548600000);
  CHECK(parse_xml_time("2024-05-01t07:30:00z") == 1714548600000);
  CHECK(parse_xml_time("2024-05-01 07:30:00Z") == 1714548600000);
  CHECK(parse_xml_time("2024-05-01T21:30:00+14:00") == 1714548600000);
  CHECK(parse_xml_time("2024-05-01T08:30:00+01") == 1714548600000);
  CHECK(parse_xml_time("2024-05-01T07:30:00,25Z") == 1714548600250);
  CHECK(parse_xml_time("2024-02-29T00:00:00Z") == 1709164800000);
  CHECK(parse_xml_time("2000-02-29T00:00:00Z") == 951782400000);
  CHECK(parse_xml_time("2016-12-31T23:59:60Z") == 1483228800000);  // a leap second
  for (const char* bad : {"", "2024-05-01", "2024-05-01T07:30Z", "2024-05-01T07:30:00.Z", "2024-05-01T07:30:00Z junk",
                          "2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2024-13-01T00:00:00Z",
                          "2024-00-01T00:00:00Z", "2024-04-31T00:00:00Z", "2024-05-01T24:00:00Z",
                          "2024-05-01T07:60:00Z", "2024-05-01T07:30:61Z", "2024-05-01T07:30:00+24:00",
                          "2024-05-01T07:30:00+01:", "2024-05-01T07:30:00 +01:00", "24-05-01T07:30:00Z",
                          "2024/05/01T07:30:00Z", "1714548600"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_xml_time(bad));
  }
}
