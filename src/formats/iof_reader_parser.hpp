// The handler that reads an IOF 3.0 ResultList for iof_reader.cpp: its tags and its state.
// iof_reader.cpp reads the document's structure (root, Event, classes, teams);
// iof_reader_results.cpp reads the competitors and their results.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "formats/iof_reader.hpp"
#include "formats/xml_stream.hpp"

namespace fitkit::formats::iof::detail {

// A result with more split times than this is refused: no course has that many controls, and
// it bounds what one result holds.
constexpr std::size_t kMaxSplits = 10000;

enum IofTag : XmlTag {
  kRoot = 2,
  kEvent,
  kEventStart,
  kClassResult,
  kClass,
  kPersonResult,
  kTeamResult,
  kTeamOrganisation,
  kMemberResult,
  kPerson,
  kPersonName,
  kOrganisation,
  kResult,
  kSplit,
  kEventId = kCollectText | 32,
  kEventName,
  kEventDate,
  kEventTime,
  kClassId,
  kClassName,
  kClassShortName,
  kTeamName,
  kTeamOrganisationName,
  kTeamBib,
  kPersonId,
  kFamily,
  kGiven,
  kBirthDate,
  kOrganisationName,
  kLeg,
  kBib,
  kStartTime,
  kFinishTime,
  kTime,
  kTimeBehind,
  kPosition,
  kStatus,
  kScore,
  kControlCode,
  kSplitTime,
};

// `tag` when the element is wanted, else kIgnoredTag.
constexpr XmlTag when(bool wanted, XmlTag tag) noexcept { return wanted ? tag : kIgnoredTag; }

// The element's text without the XML white space around it.
std::string text_of(std::string_view text);

class ResultListParser final : public XmlHandler {
 public:
  explicit ResultListParser(ResultListHandler& out) : out_(out) {}
  void attach(const XmlStream& stream) { stream_ = &stream; }

  XmlTag start(XmlTag parent, const XmlName& name, const char** attributes) override;
  void end(XmlTag tag, std::string_view text) override;

 private:
  struct Team {
    std::string name;
    std::optional<std::string> organisation, bib;
  };

  std::size_t line() const { return stream_ ? stream_->line() : 0; }
  XmlTag start_root(const XmlName& name, const char** attributes);

  // iof_reader_results.cpp
  void begin_competitor();  // a PersonResult or TeamMemberResult opens
  XmlTag start_person(const char** attributes);
  void start_result(XmlTag competitor);
  XmlTag result_child(std::string_view n, const char** attributes);
  void end_result_field(XmlTag tag, std::string_view text);
  void end_competitor(XmlTag tag);

  ResultListHandler& out_;
  const XmlStream* stream_ = nullptr;
  EventInfo event_;
  std::string event_time_;
  bool event_seen_ = false;
  ClassInfo class_;
  bool class_seen_ = false;
  Team team_;
  PersonResult base_;    // the competitor: person, organisation, team, line
  PersonResult result_;  // the Result being read: base_ and the race's fields
  std::size_t person_line_ = 0;
  std::size_t results_ = 0;
  bool relay_ = false;  // the Result is a relay member's
  bool person_seen_ = false, name_seen_ = false, status_seen_ = false, score_seen_ = false;
};

}  // namespace fitkit::formats::iof::detail
