// The data of IOF XML 3.0 (the orienteering data standard, https://orienteering.sport/iof/it/
// data-standard-3-0/) that fitkit reads and writes: result lists, entry lists and start lists.
// Pure data: no database. Times are UTC epoch milliseconds, durations seconds. A field the
// document does not give is empty. See docs/formats.md, "IOF XML 3.0".
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fitkit::formats::iof {

// The namespace of IOF XML 3.0 documents.
inline constexpr std::string_view kNamespace = "http://www.orienteering.org/datastandard/3.0";

// The 15 values of IOF 3.0's ResultStatus, in the schema's order: OK, Finished, MissingPunch,
// Disqualified, DidNotFinish, Active, Inactive, OverTime, SportingWithdrawal, NotCompeting,
// Moved, MovedUp, DidNotStart, DidNotEnter, Cancelled.
const std::vector<std::string_view>& result_statuses();
bool is_result_status(std::string_view s) noexcept;
// A SplitTime's status: OK, Missing (not punched) or Additional (punched, not on the course).
bool is_split_status(std::string_view s) noexcept;
// A ResultList's status: Complete, Delta (changes since the last list) or Snapshot.
bool is_list_status(std::string_view s) noexcept;

struct Person {
  std::string given, family;
  std::optional<std::string> id;          // the first Id the document gives
  std::optional<std::string> birth_date;  // YYYY-MM-DD
  std::optional<std::string> sex;         // "M" or "F"
  std::optional<std::string> nationality; // the country code (IOC), Nationality's `code`

  bool operator==(const Person&) const = default;
};

struct SplitTime {
  std::string control_code;
  std::optional<double> time_s;  // since the start; empty when punched but the time is unknown
  std::string status = "OK";     // is_split_status

  bool operator==(const SplitTime&) const = default;
};

// One competitor's result in one race: an individual PersonResult/Result, or a relay
// TeamResult/TeamMemberResult/Result (then `team` and usually `leg` are set).
struct PersonResult {
  Person person;  // a relay leg no one ran may have no person: names empty
  std::optional<std::string> organisation;  // club or federation name
  std::optional<std::string> bib;
  std::optional<std::int64_t> start_ms, finish_ms;  // UTC epoch ms
  std::optional<double> time_s, time_behind_s, score;
  std::optional<int> position;
  std::string status = "OK";  // is_result_status
  std::optional<std::string> team;  // the relay team's name
  std::optional<int> leg;           // the relay leg, from 1
  std::optional<int> race;          // a multi-race event's raceNumber
  std::vector<SplitTime> splits;
  std::size_t line = 0;  // line of the PersonResult or TeamMemberResult element, when read

  bool operator==(const PersonResult&) const = default;
};

struct ClassInfo {
  std::string name;
  std::optional<std::string> short_name, id;

  bool operator==(const ClassInfo&) const = default;
};

struct EventInfo {
  std::string name;
  std::optional<std::string> id;
  std::optional<std::int64_t> start_ms;   // when the document gives a start date and time
  std::optional<std::string> start_date;  // YYYY-MM-DD, as the document writes it (local)

  bool operator==(const EventInfo&) const = default;
};

struct ResultList {
  EventInfo event;
  std::string status = "Complete";  // is_list_status
  std::vector<std::pair<ClassInfo, std::vector<PersonResult>>> classes;

  bool operator==(const ResultList&) const = default;
};

struct Entry {
  Person person;
  std::optional<std::string> organisation, bib;  // IOF's EntryList has no bib: not written
  ClassInfo cls;

  bool operator==(const Entry&) const = default;
};

struct Start {
  Person person;
  std::optional<std::string> organisation, bib;
  std::optional<std::int64_t> start_ms;

  bool operator==(const Start&) const = default;
};

}  // namespace fitkit::formats::iof
