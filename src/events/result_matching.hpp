// Results as a file gives them, matched to the event's participants, and what applying them
// would change: the part of an import that CSV, IOF XML and workouts share.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/runtime.hpp"
#include "fitkit/events.hpp"
#include "fitkit/results.hpp"
#include "fitkit/storage.hpp"

namespace fitkit::events {

// One result read from a file, before it is matched.
struct IncomingResult {
  std::size_t line = 0;
  std::int64_t contest_id = 0;
  std::optional<std::string> registration, bib, given_name, family_name, name;
  std::string status = "OK";
  std::optional<std::int64_t> value;
  std::optional<std::int64_t> workout_id;
};

// The event's participants who may take a result, found by registration id, bib or name.
class ParticipantMatcher {
 public:
  ParticipantMatcher(storage::Connection& c, std::int64_t event_id);
  // The registration the row is of, or why none is: "no participant has bib 17 in 10 km".
  struct Match {
    std::optional<std::int64_t> registration_id;
    std::string why_not;
  };
  Match match(const IncomingResult& row, const Event& event) const;

 private:
  struct Candidate {
    std::int64_t registration_id = 0, contest_id = 0;
  };
  const std::multimap<std::string, Candidate>& by_name() const;

  std::unordered_map<std::int64_t, Candidate> by_id_;
  std::unordered_map<std::string, Candidate> by_bib_;
  std::vector<std::pair<std::string, Candidate>> names_;  // "given family"
  // The search_text of each name, made when a row first needs a name: most files give bibs.
  mutable std::optional<std::multimap<std::string, Candidate>> by_name_;
};

// Who the row names, for a report: "Ann Smith (bib 17)".
std::string who_of(const IncomingResult& row);

// Matches the rows, compares them with the results there are, and fills the report's counts,
// unmatched and changes (each list cut at kReportItems). Returns the rows to write, as results.
std::vector<EventResult> matched_results(storage::Connection& c, const Event& event,
                                         const std::vector<IncomingResult>& rows, std::string_view source,
                                         ImportReport& report);

// How many items each list of a report shows; the counts say how many there are in all.
inline constexpr std::size_t kReportItems = 1000;
void add_line(std::vector<ImportReport::Line>& list, std::size_t line, std::string text);

// Applies what matched_results() returned, unless the report says not to: rows that are no
// result refuse the import, so do unmatched rows unless `skip_unmatched`. In the caller's
// transaction; ranks each contest touched again.
void apply_results(Runtime& rt, storage::Connection& c, const Event& event, const std::vector<EventResult>& results,
                   const ImportReport& report, bool skip_unmatched, std::optional<std::int64_t> recorded_by);

}  // namespace fitkit::events
