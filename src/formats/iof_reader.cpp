#include "formats/iof_reader.hpp"

#include <string>
#include <utility>

#include "formats/iof_reader_parser.hpp"
#include "formats/iof_values.hpp"
#include "formats/xml_values.hpp"

namespace fitkit::formats::iof {

namespace detail {

namespace {

// IOF's own elements: in the 3.0 namespace, or in none (files written by hand).
bool is_iof_namespace(std::string_view ns) noexcept { return ns.empty() || ns == kNamespace; }

}  // namespace

std::string text_of(std::string_view text) { return std::string(trim_xml_space(text)); }

XmlTag ResultListParser::start(XmlTag parent, const XmlName& name, const char** attributes) {
  if (parent == kDocumentTag) return start_root(name, attributes);
  if (!is_iof_namespace(name.ns)) return kIgnoredTag;  // extensions
  const std::string_view n = name.local;
  switch (parent) {
    case kRoot:
      if (n == "Event") {
        event_ = EventInfo{};
        return kEvent;
      }
      if (n != "ClassResult") return kIgnoredTag;
      if (!event_seen_) refuse_xml("a ClassResult before the Event");
      class_seen_ = false;
      return kClassResult;
    case kEvent:
      if (n == "Id") return when(!event_.id, kEventId);
      if (n == "Name") return kEventName;
      if (n != "StartTime") return kIgnoredTag;
      event_.start_date.reset();
      event_.start_ms.reset();
      event_time_.clear();
      return kEventStart;
    case kEventStart:
      if (n == "Date") return kEventDate;
      return when(n == "Time", kEventTime);
    case kClassResult:
      if (n == "Class") {
        class_ = ClassInfo{};
        return kClass;
      }
      if (n != "PersonResult" && n != "TeamResult") return kIgnoredTag;
      if (!class_seen_) refuse_xml("a " + std::string(n) + " before its ClassResult's Class");
      if (n == "TeamResult") {
        team_ = Team{};
        return kTeamResult;
      }
      begin_competitor();
      return kPersonResult;
    case kClass:
      if (n == "Id") return when(!class_.id, kClassId);
      if (n == "Name") return kClassName;
      return when(n == "ShortName", kClassShortName);
    case kTeamResult:
      if (n == "Name") return kTeamName;
      if (n == "Organisation") return when(!team_.organisation, kTeamOrganisation);
      if (n == "BibNumber") return kTeamBib;
      if (n != "TeamMemberResult") return kIgnoredTag;
      begin_competitor();
      base_.team = team_.name;
      return kMemberResult;
    case kTeamOrganisation: return when(n == "Name", kTeamOrganisationName);
    case kPersonResult:
    case kMemberResult:
      if (n == "Person") return start_person(attributes);
      if (n == "Organisation") return kOrganisation;
      if (n != "Result") return kIgnoredTag;
      start_result(parent);
      if (const char* race = xml_attribute(attributes, "raceNumber"))
        result_.race = read_integer_field("raceNumber", race, 1);
      return kResult;
    case kPerson:
      if (n == "Id") return when(!base_.person.id, kPersonId);
      if (n == "Name") {
        name_seen_ = true;
        return kPersonName;
      }
      if (n == "BirthDate") return kBirthDate;
      if (n == "Nationality") {
        if (const char* code = xml_attribute(attributes, "code")) base_.person.nationality = text_of(code);
      }
      return kIgnoredTag;
    case kPersonName:
      if (n == "Family") return kFamily;
      return when(n == "Given", kGiven);
    case kOrganisation: return when(n == "Name", kOrganisationName);
    case kResult: return result_child(n, attributes);
    case kSplit:
      if (n == "ControlCode") return kControlCode;
      return when(n == "Time", kSplitTime);
    default: return kIgnoredTag;
  }
}

void ResultListParser::end(XmlTag tag, std::string_view text) {
  switch (tag) {
    case kRoot:
      if (!event_seen_) refuse_xml("no Event in the ResultList");
      break;
    case kEventId: event_.id = text_of(text); break;
    case kEventName: event_.name = text_of(text); break;
    case kEventDate:
      event_.start_date = read_date_field("event date", text);
      if (!event_.start_date) refuse_xml("an event StartTime without a Date");
      break;
    case kEventTime: event_time_ = text_of(text); break;
    case kEventStart:
      if (!event_.start_date) refuse_xml("an event StartTime without a Date");
      if (!event_time_.empty()) event_.start_ms = read_date_and_time(*event_.start_date, event_time_);
      break;
    case kEvent:
      event_seen_ = true;
      out_.on_event(event_);
      break;
    case kClassId: class_.id = text_of(text); break;
    case kClassName: class_.name = text_of(text); break;
    case kClassShortName: class_.short_name = text_of(text); break;
    case kClass:
      class_seen_ = true;
      out_.on_class(class_);
      break;
    case kClassResult:
      if (!class_seen_) refuse_xml("a ClassResult without a Class");
      break;
    case kTeamName: team_.name = text_of(text); break;
    case kTeamOrganisationName: team_.organisation = text_of(text); break;
    case kTeamBib: team_.bib = text_of(text); break;
    case kPersonId: base_.person.id = text_of(text); break;
    case kFamily: base_.person.family = text_of(text); break;
    case kGiven: base_.person.given = text_of(text); break;
    case kBirthDate: base_.person.birth_date = read_date_field("birth date", text); break;
    case kPerson:
      if (!name_seen_) refuse_xml("a Person (line " + std::to_string(person_line_) + ") without a Name");
      person_seen_ = true;
      break;
    case kOrganisationName: base_.organisation = text_of(text); break;
    case kPersonResult:
    case kMemberResult: end_competitor(tag); break;
    default: end_result_field(tag, text);
  }
}

XmlTag ResultListParser::start_root(const XmlName& name, const char** attributes) {
  if (name.local != "ResultList" || !is_iof_namespace(name.ns))
    refuse_xml("not an IOF 3.0 ResultList: the root element is " + describe_xml_name(name));
  const char* version = xml_attribute(attributes, "iofVersion");
  if (!version) refuse_xml("not an IOF 3.0 ResultList: no iofVersion (IOF 2.0.3 is not read)");
  if (trim_xml_space(version) != "3.0")
    refuse_xml("not an IOF 3.0 ResultList: iofVersion is \"" + shorten_for_message(version) + "\"");
  ResultListHeader header;
  if (const char* status = xml_attribute(attributes, "status")) {
    header.status = text_of(status);
    if (!is_list_status(header.status))
      refuse_xml("the ResultList status \"" + shorten_for_message(header.status) +
                 "\" is not Complete, Delta or Snapshot");
  }
  if (const char* created = xml_attribute(attributes, "createTime"))
    header.create_time_ms = read_date_time_field("createTime", created);
  if (const char* creator = xml_attribute(attributes, "creator")) header.creator = text_of(creator);
  out_.on_list(header);
  return kRoot;
}

}  // namespace detail

namespace {

class Collector final : public ResultListHandler {
 public:
  ResultList list;
  void on_list(const ResultListHeader& header) override { list.status = header.status; }
  void on_event(const EventInfo& event) override { list.event = event; }
  void on_class(const ClassInfo& cls) override { list.classes.emplace_back(cls, std::vector<PersonResult>{}); }
  void on_result(const ClassInfo&, PersonResult&& result) override {
    list.classes.back().second.push_back(std::move(result));
  }
};

}  // namespace

void read_result_list(ByteSource& in, ResultListHandler& handler) {
  detail::ResultListParser parser(handler);
  XmlStream stream("IOF XML", parser);
  parser.attach(stream);
  stream.parse(in);
}

ResultList read_result_list(std::string_view xml) {
  MemorySource in(xml);
  Collector collector;
  read_result_list(in, collector);
  return std::move(collector.list);
}

}  // namespace fitkit::formats::iof
