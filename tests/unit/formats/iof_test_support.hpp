// For the tests of the IOF XML reader and writers: a result list document around a body, the
// refusal a document gets, and a handler that records every callback.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>

#include "fitkit/error.hpp"
#include "formats/iof_reader.hpp"

namespace fitkit::test::iof {

// The list with every result's source line cleared: only the reader knows the lines.
inline formats::iof::ResultList without_lines(formats::iof::ResultList list) {
  for (auto& [cls, results] : list.classes)
    for (auto& r : results) r.line = 0;
  return list;
}

// A ResultList of the example event (2011-07-30 10:00 +01:00) holding `body` after its Event.
inline std::string result_list(std::string_view body, std::string_view root_attributes = {}) {
  std::string doc = R"(<?xml version="1.0" encoding="UTF-8"?>
<ResultList xmlns="http://www.orienteering.org/datastandard/3.0" iofVersion="3.0" creator="Example Software")";
  doc += root_attributes;
  doc += R"(>
  <Event><Name>Example event</Name><StartTime><Date>2011-07-30</Date><Time>10:00:00+01:00</Time></StartTime></Event>
)";
  doc += body;
  doc += "\n</ResultList>\n";
  return doc;
}

// One class "Open" with one PersonResult whose Result holds `result`.
inline std::string one_result(std::string_view result) {
  return result_list(std::string(R"(<ClassResult><Class><Name>Open</Name></Class><PersonResult>
<Person><Name><Family>Wood</Family><Given>George</Given></Name></Person>
<Result>)") + std::string(result) + "</Result></PersonResult></ClassResult>");
}

// The message of the error reading `document` gives (checked to be an invalid "file"), or ""
// when it reads.
inline std::string refusal(std::string_view document) {
  try {
    formats::iof::read_result_list(document);
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::invalid_argument);
    CHECK(e.field() == "file");
    return e.what();
  }
  return "";
}

class RecordingHandler final : public formats::iof::ResultListHandler {
 public:
  std::vector<std::string> calls;  // one line a callback, in order
  std::vector<formats::iof::PersonResult> results;
  formats::iof::ResultListHeader header;

  void on_list(const formats::iof::ResultListHeader& h) override {
    header = h;
    calls.push_back("list " + h.status);
  }
  void on_event(const formats::iof::EventInfo& e) override { calls.push_back("event " + e.name); }
  void on_class(const formats::iof::ClassInfo& c) override { calls.push_back("class " + c.name); }
  void on_result(const formats::iof::ClassInfo& c, formats::iof::PersonResult&& r) override {
    calls.push_back("result " + c.name + " " + r.person.family + " " + r.status);
    results.push_back(std::move(r));
  }
};

}  // namespace fitkit::test::iof
