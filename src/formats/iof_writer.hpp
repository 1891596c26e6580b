// Writes IOF XML 3.0 documents: ResultList, EntryList and StartList, UTF-8, iofVersion="3.0",
// with createTime and creator, valid against the IOF schema (IOF.xsd). Text is escaped;
// characters XML cannot hold become U+FFFD. Times go out in UTC ("Z"). A value the schema
// cannot hold (an unknown status, a negative or infinite time, a sex other than M or F, a
// birth date not YYYY-MM-DD, a time outside the years 0001-9999) is Error::invalid naming
// the field, and nothing of that element is written. See docs/formats.md, "IOF XML 3.0".
//
// The writer objects stream: each result, entry or start goes to the std::ostream as it is
// added (in pieces of about 64 KiB), so a list of any size never sits in memory at once.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "formats/iof_xml.hpp"

namespace fitkit::formats::iof {

namespace detail {
struct DocumentState;
}

// A ResultList. In a class, individual results come first, then relay members (`team` set),
// consecutive members of one team making one TeamResult: an individual result after a team
// in the same class is Error::invalid("team"). A `leg` without a `team` is Error::invalid("leg").
// A relay member with an empty person (no name, id or other field) is a leg no one ran:
// written without a Person.
class ResultListWriter {
 public:
  ResultListWriter(std::ostream& out, const EventInfo& event, std::int64_t create_time_ms, std::string_view creator,
                   std::string_view status = "Complete");
  ~ResultListWriter();
  ResultListWriter(const ResultListWriter&) = delete;
  ResultListWriter& operator=(const ResultListWriter&) = delete;

  void begin_class(const ClassInfo& cls);  // ends the class before
  void add_result(const PersonResult& result);
  // Ends the document and flushes it; Error::unavailable when the stream failed.
  void finish();

 private:
  std::unique_ptr<detail::DocumentState> state_;
};

// An EntryList of PersonEntry elements (IOF's EntryList has no bib: Entry::bib is not written).
class EntryListWriter {
 public:
  EntryListWriter(std::ostream& out, const EventInfo& event, std::int64_t create_time_ms, std::string_view creator);
  ~EntryListWriter();
  EntryListWriter(const EntryListWriter&) = delete;
  EntryListWriter& operator=(const EntryListWriter&) = delete;

  void add_entry(const Entry& entry);
  void finish();

 private:
  std::unique_ptr<detail::DocumentState> state_;
};

// A StartList: a ClassStart per class, a PersonStart per start.
class StartListWriter {
 public:
  StartListWriter(std::ostream& out, const EventInfo& event, std::int64_t create_time_ms, std::string_view creator);
  ~StartListWriter();
  StartListWriter(const StartListWriter&) = delete;
  StartListWriter& operator=(const StartListWriter&) = delete;

  void begin_class(const ClassInfo& cls);
  void add_start(const Start& start);
  void finish();

 private:
  std::unique_ptr<detail::DocumentState> state_;
};

// The whole document at once. write_result_list orders each class's results as the writer
// needs them: individual results, then each team's members, teams in order of first appearance.
std::string write_result_list(const ResultList& list, std::int64_t create_time_ms, std::string_view creator);
std::string write_entry_list(const EventInfo& event, const std::vector<Entry>& entries, std::int64_t create_time_ms,
                             std::string_view creator);
std::string write_start_list(const EventInfo& event,
                             const std::vector<std::pair<ClassInfo, std::vector<Start>>>& classes,
                             std::int64_t create_time_ms, std::string_view creator);

}  // namespace fitkit::formats::iof
