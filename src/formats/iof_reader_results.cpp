// The competitors of a ResultList (PersonResult, TeamMemberResult) and their results.
#include <string>
#include <utility>

#include "formats/iof_reader_parser.hpp"
#include "formats/iof_values.hpp"
#include "formats/xml_values.hpp"

namespace fitkit::formats::iof::detail {

// What a competitor's results share starts empty.
void ResultListParser::begin_competitor() {
  base_ = PersonResult{};
  base_.line = line();
  person_seen_ = false;
  results_ = 0;
}

XmlTag ResultListParser::start_person(const char** attributes) {
  name_seen_ = false;
  person_line_ = line();
  if (const char* sex = xml_attribute(attributes, "sex")) {
    base_.person.sex = text_of(sex);
    if (*base_.person.sex != "M" && *base_.person.sex != "F")
      refuse_xml("sex \"" + shorten_for_message(sex) + "\" is not M or F");
  }
  return kPerson;
}

void ResultListParser::start_result(XmlTag competitor) {
  if (competitor == kPersonResult && !person_seen_)
    refuse_xml("a PersonResult (line " + std::to_string(base_.line) + ") without a Person before its Result");
  result_ = base_;
  relay_ = competitor == kMemberResult;
  if (relay_) {
    if (!result_.organisation) result_.organisation = team_.organisation;
    result_.bib = team_.bib;
  }
  status_seen_ = false;
  score_seen_ = false;
}

XmlTag ResultListParser::result_child(std::string_view n, const char** attributes) {
  if (n == "SplitTime") {
    if (result_.splits.size() >= kMaxSplits)
      refuse_xml("a Result with more than " + std::to_string(kMaxSplits) + " split times");
    SplitTime split;
    if (const char* status = xml_attribute(attributes, "status")) {
      split.status = text_of(status);
      if (!is_split_status(split.status))
        refuse_xml("the split status \"" + shorten_for_message(split.status) + "\" is not OK, Missing or Additional");
    }
    result_.splits.push_back(std::move(split));
    return kSplit;
  }
  // A relay member's TimeBehind and Position come per leg and per course: the leg's is kept.
  if (n == "TimeBehind" || n == "Position") {
    const char* type = xml_attribute(attributes, "type");
    if (type && trim_xml_space(type) != "Leg") return kIgnoredTag;
    return n == "Position" ? kPosition : kTimeBehind;
  }
  if (n == "Leg") return when(relay_, kLeg);  // a PersonResult's Result has none
  if (n == "BibNumber") return kBib;
  if (n == "StartTime") return kStartTime;
  if (n == "FinishTime") return kFinishTime;
  if (n == "Time") return kTime;
  if (n == "Status") return kStatus;
  if (n == "Score") return when(!score_seen_, kScore);  // the first, the main score
  return kIgnoredTag;  // OverallResult, Course, ControlCard, fees, Route, ...
}

void ResultListParser::end_result_field(XmlTag tag, std::string_view text) {
  switch (tag) {
    case kLeg: result_.leg = read_integer_field("Leg", text, 0); break;
    case kBib: result_.bib = text_of(text); break;
    case kStartTime: result_.start_ms = read_date_time_field("StartTime", text); break;
    case kFinishTime: result_.finish_ms = read_date_time_field("FinishTime", text); break;
    case kTime: result_.time_s = read_seconds_field("Time", text); break;
    case kTimeBehind: result_.time_behind_s = read_seconds_field("TimeBehind", text); break;
    case kPosition: result_.position = read_integer_field("Position", text, 0); break;
    case kScore:
      result_.score = read_number_field("Score", text);
      score_seen_ = true;
      break;
    case kStatus:
      result_.status = text_of(text);
      if (!is_result_status(result_.status))
        refuse_xml("the result Status \"" + shorten_for_message(result_.status) + "\" is not one of IOF 3.0's");
      status_seen_ = true;
      break;
    case kControlCode: result_.splits.back().control_code = text_of(text); break;
    case kSplitTime: result_.splits.back().time_s = read_seconds_field("split Time", text); break;
    case kResult:
      if (!status_seen_) refuse_xml("a Result without a Status");
      ++results_;
      out_.on_result(class_, std::move(result_));
      break;
    default: break;
  }
}

void ResultListParser::end_competitor(XmlTag tag) {
  if (tag == kPersonResult && !person_seen_)
    refuse_xml("a PersonResult (line " + std::to_string(base_.line) + ") without a Person");
  if (results_ > 0) return;
  // Listed without any result: reported once, as not yet started.
  start_result(tag);
  result_.status = "Inactive";
  out_.on_result(class_, std::move(result_));
}

}  // namespace fitkit::formats::iof::detail
