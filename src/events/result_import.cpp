// Importing results: a CSV or IOF XML 3.0 ResultList file, or participants' tracked workouts.
// A dry run reports; otherwise everything is applied in one transaction, or nothing.
#include <cmath>

#include "core/runtime.hpp"
#include "core/text_rules.hpp"
#include "events/event_store.hpp"
#include "events/ranking.hpp"
#include "events/registration_rules.hpp"
#include "events/result_matching.hpp"
#include "events/result_rules.hpp"
#include "events/results_csv.hpp"
#include "fitkit/error.hpp"
#include "fitkit/results.hpp"
#include "formats/iof_reader.hpp"

namespace fitkit {
namespace {

bool looks_like_xml(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  const auto first = bytes.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && bytes[first] == '<';
}

std::vector<events::IncomingResult> csv_rows(const Event& event, const ResultImport& import, ImportReport& report) {
  const auto& contest = events::contest_of_query(event, import.contest_id);
  const auto csv = events::read_results_csv(import.file, contest.result_kind, import.mapping);
  for (const auto& m : csv.mapping) report.mapping.emplace_back(m.field, m.header);
  for (const auto& bad : csv.invalid) {
    ++report.invalid_count;
    events::add_line(report.invalid, bad.line, bad.reason);
  }
  std::vector<events::IncomingResult> rows;
  rows.reserve(csv.rows.size());
  for (const auto& r : csv.rows) {
    events::IncomingResult in;
    in.line = r.line;
    in.contest_id = contest.id;
    in.registration = r.registration;
    in.bib = r.bib;
    in.given_name = r.given_name;
    in.family_name = r.family_name;
    in.name = r.name;
    in.status = r.status;
    if (contest.result_kind == "time") in.value = r.time_ms;
    else if (contest.result_kind == "distance") in.value = r.distance_mm;
    else if (contest.result_kind == "points") in.value = r.points;
    else in.value = r.place;
    rows.push_back(std::move(in));
  }
  return rows;
}

// The contest an IOF class is: the one asked for, else the one of its name (case and accents
// aside), else the event's only contest when the file has one class.
const Contest* contest_of_class(const Event& event, const ResultImport& import, const formats::iof::ClassInfo& cls,
                                std::size_t classes) {
  if (import.contest_id) return &events::contest_in(event, *import.contest_id);
  const auto key = text::search_text(cls.name);
  for (const auto& k : event.contests)
    if (text::search_text(k.name) == key || (cls.short_name && text::search_text(*cls.short_name) == text::search_text(k.name)))
      return &k;
  if (classes == 1 && event.contests.size() == 1) return &event.contests.front();
  return nullptr;
}

std::vector<events::IncomingResult> iof_rows(const Event& event, const ResultImport& import, ImportReport& report) {
  const auto list = formats::iof::read_result_list(import.file);
  std::vector<events::IncomingResult> rows;
  for (const auto& [cls, results] : list.classes) {
    const auto* contest = contest_of_class(event, import, cls, list.classes.size());
    for (const auto& p : results) {
      if (p.race.value_or(1) != import.race) {
        ++report.other_races;
        continue;
      }
      events::IncomingResult in;
      in.line = p.line;
      in.bib = p.bib;
      in.given_name = p.person.given.empty() ? std::nullopt : std::optional(p.person.given);
      in.family_name = p.person.family.empty() ? std::nullopt : std::optional(p.person.family);
      in.status = p.status;
      if (!contest) {
        ++report.unmatched_count;
        events::add_line(report.unmatched, p.line, events::who_of(in) + ": the class " + events::shown(cls.name) +
                                                       " is no contest of the event");
        continue;
      }
      in.contest_id = contest->id;
      std::string problem;  // a relay member's leg is their result; the team ranking sums the legs
      const auto& kind = contest->result_kind;
      if (kind == "time" && p.time_s) in.value = static_cast<std::int64_t>(std::llround(*p.time_s * 1000));
      else if (kind == "points" && p.score) in.value = static_cast<std::int64_t>(std::llround(*p.score));
      else if (kind == "place" && p.position) in.value = *p.position;
      else if (kind == "distance") problem = "IOF results carry no distance; the contest ranks by distance";
      if (problem.empty() && events::is_placed_status(in.status) && !in.value)
        problem = "a result with status " + in.status + " needs its " +
                  (kind == "time" ? "Time" : kind == "points" ? "Score" : "Position");
      if (problem.empty() && in.value && kind == "time" && *in.value > events::kMaxResultTimeMs)
        problem = "a time of more than 7 days";
      if (!problem.empty()) {
        ++report.invalid_count;
        events::add_line(report.invalid, p.line, events::who_of(in) + ": " + problem);
        continue;
      }
      rows.push_back(std::move(in));
    }
  }
  return rows;
}

}  // namespace

ImportReport ResultService::import(const Actor& actor, std::int64_t event_id, const ResultImport& import) {
  return storage::retry_on_conflict([&] {
    auto c = rt_.db->acquire();
    storage::Transaction tx(*c);
    const auto event = events::managed_event(*c, actor, event_id);
    events::check_results_open(event);
    if (import.file.empty()) throw Error::invalid("file", "the file is empty");
    ImportReport report;
    report.format = looks_like_xml(import.file) ? "iof" : "csv";
    if (report.format == "iof" && import.mapping)
      throw Error::invalid("mapping", "a column mapping is for CSV; this file is XML");
    const auto rows = report.format == "iof" ? iof_rows(event, import, report) : csv_rows(event, import, report);
    report.rows = rows.size() + report.invalid_count;
    const auto results = events::matched_results(*c, event, rows, report.format, report);
    if (!import.dry_run) {
      events::apply_results(rt_, *c, event, results, report, import.skip_unmatched, actor.user_id);
      report.applied = true;
      tx.commit();
    }
    return report;
  });
}

ImportReport ResultService::import_workouts(const Actor& actor, std::int64_t event_id,
                                            std::optional<std::int64_t> contest_id, bool dry_run) {
  return storage::retry_on_conflict([&] {
    auto c = rt_.db->acquire();
    storage::Transaction tx(*c);
    const auto event = events::managed_event(*c, actor, event_id);
    events::check_results_open(event);
    if (!event.online) throw Error::precondition("results come from workouts for online events only");
    const auto& contest = events::contest_of_query(event, contest_id);
    if (contest.result_kind != "time" && contest.result_kind != "distance")
      throw Error::precondition("results from workouts are times or distances; the contest ranks by " +
                                contest.result_kind);
    if (!contest.sport) throw Error::precondition("the contest has no sport to look for", "contest_id");
    if (contest.result_kind == "time" && !contest.distance_m)
      throw Error::precondition("the contest has no distance: a time needs one", "contest_id");
    ImportReport report;
    report.format = "workouts";
    // Each participant's best workout: the fastest covering the distance, or the longest.
    const bool by_time = contest.result_kind == "time";
    std::vector<events::IncomingResult> rows;
    c->query(std::string("SELECT g.id, w.id, w.elapsed_s, w.distance_m, g.given_name, g.family_name") +
                 " FROM event_registrations g JOIN workouts w ON w.user_id = g.user_id"
                 " WHERE g.contest_id = ? AND g.holds_place = 1 AND g.status <> 'offered' AND w.sport = ?"
                 " AND w.start_at >= ? AND w.elapsed_s IS NOT NULL AND w.distance_m IS NOT NULL"
                 " AND w.start_at + CAST(w.elapsed_s * 1000 AS BIGINT) <= ?" +
                 (by_time ? " AND w.distance_m >= ? ORDER BY g.id, w.elapsed_s, w.id"
                          : " AND w.distance_m >= ? ORDER BY g.id, w.distance_m DESC, w.id"),
             {contest.id, *contest.sport, event.starts_at, event.ends_at, by_time ? *contest.distance_m : 0.0},
             [&](const storage::Row& r) {
               const auto registration = r.i64(0);
               if (!rows.empty() && rows.back().registration == format_id(IdKind::registration, registration))
                 return;  // a later, worse workout of the same participant
               events::IncomingResult in;
               in.contest_id = contest.id;
               in.registration = format_id(IdKind::registration, registration);
               in.given_name = r.text(4);
               in.family_name = r.text(5);
               in.workout_id = r.i64(1);
               in.value = by_time ? static_cast<std::int64_t>(std::llround(r.f64(2) * 1000))
                                  : static_cast<std::int64_t>(std::llround(r.f64(3) * 1000));
               rows.push_back(std::move(in));
             });
    report.rows = rows.size();
    const auto results = events::matched_results(*c, event, rows, "workout", report);
    if (!dry_run) {
      events::apply_results(rt_, *c, event, results, report, false, actor.user_id);
      report.applied = true;
      tx.commit();
    }
    return report;
  });
}

}  // namespace fitkit
