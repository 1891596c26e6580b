// Reads an IOF XML 3.0 ResultList, streaming: one callback per result, so a list of any size
// never sits in memory at once. Individual results (ClassResult/PersonResult/Result) and relay
// results (ClassResult/TeamResult/TeamMemberResult/Result) alike; a multi-race PersonResult
// gives one result per race. Unknown elements and Extensions are skipped. See docs/formats.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "formats/byte_source.hpp"
#include "formats/iof_xml.hpp"

namespace fitkit::formats::iof {

// The root element's attributes.
struct ResultListHeader {
  std::string status = "Complete";  // is_list_status
  std::optional<std::int64_t> create_time_ms;
  std::optional<std::string> creator;
};

class ResultListHandler {
 public:
  virtual ~ResultListHandler() = default;
  // Once, first.
  virtual void on_list(const ResultListHeader&) {}
  // Once, before any class.
  virtual void on_event(const EventInfo&) {}
  // Per ClassResult, before its results (also for a class without any).
  virtual void on_class(const ClassInfo&) {}
  // Per result, in document order; the result is the handler's to keep.
  virtual void on_result(const ClassInfo& cls, PersonResult&& result) = 0;
};

// Reads the document from `in`. Throws Error::invalid("file", "IOF XML: ... at line L, column
// C") for anything that is not a well-formed IOF 3.0 ResultList: another root element or
// iofVersion, a DOCTYPE (so no entities), a Status or other enumerated value IOF does not
// define, a Result without Status, a negative or unreadable Time, TimeBehind or split time,
// a malformed dateTime or date, a PersonResult without Person, a Person without Name, a
// ClassResult without Class, no Event. Callbacks already made stay made: a caller that must
// not half-import buffers or rolls back.
//
// A dateTime without an offset ("2011-07-30T10:00:00") is taken as UTC. In a relay, a member
// without an Organisation or BibNumber of their own gets the team's. A PersonResult without
// any Result (the schema allows it) gives one result with status "Inactive".
void read_result_list(ByteSource& in, ResultListHandler& handler);

// The same, collecting the whole list: for small documents and tests.
ResultList read_result_list(std::string_view xml);

}  // namespace fitkit::formats::iof
