#include "events/result_matching.hpp"

#include <set>

#include "core/text_rules.hpp"
#include "events/registration_rules.hpp"
#include "events/result_store.hpp"
#include "events/result_values.hpp"
#include "fitkit/error.hpp"
#include "fitkit/id.hpp"

namespace fitkit::events {
namespace {

std::string contest_name(const Event& event, std::int64_t contest_id) {
  for (const auto& k : event.contests)
    if (k.id == contest_id) return k.name;
  return "the contest";
}

std::string result_text(const std::string& status, const std::optional<std::int64_t>& value, std::string_view kind) {
  const auto v = value_text(value, kind);
  if (status == "OK") return v.empty() ? status : v;
  return v.empty() ? status : status + " " + v;
}

std::string_view kind_of(const Event& event, std::int64_t contest_id) {
  for (const auto& k : event.contests)
    if (k.id == contest_id) return k.result_kind;
  return "time";
}

}  // namespace

ParticipantMatcher::ParticipantMatcher(storage::Connection& c, std::int64_t event_id) {
  c.query("SELECT id, contest_id, bib, given_name, family_name FROM event_registrations WHERE event_id = ?"
          " AND holds_place = 1 AND status <> 'offered'",
          {event_id}, [&](const storage::Row& r) {
            const Candidate k{r.i64(0), r.i64(1)};
            by_id_[k.registration_id] = k;
            if (auto bib = r.opt_i64(2)) by_bib_[std::to_string(*bib)] = k;
            names_.emplace_back(r.text(3) + " " + r.text(4), k);
          });
}

const std::multimap<std::string, ParticipantMatcher::Candidate>& ParticipantMatcher::by_name() const {
  if (!by_name_) {
    by_name_.emplace();
    for (const auto& [name, k] : names_) by_name_->emplace(text::search_text(name), k);
  }
  return *by_name_;
}

ParticipantMatcher::Match ParticipantMatcher::match(const IncomingResult& row, const Event& event) const {
  const auto in_contest = [&](const Candidate& k, const std::string& how) -> Match {
    if (k.contest_id != row.contest_id)
      return {std::nullopt, how + " is in " + contest_name(event, k.contest_id) + ", not " +
                                contest_name(event, row.contest_id)};
    return {k.registration_id, {}};
  };
  if (row.registration) {
    std::int64_t id = 0;
    try {
      id = parse_id(IdKind::registration, *row.registration, "registration");
    } catch (const Error&) {
      return {std::nullopt, *row.registration + " is not a registration id"};
    }
    const auto it = by_id_.find(id);
    if (it == by_id_.end()) return {std::nullopt, *row.registration + " is no participant of the event"};
    return in_contest(it->second, *row.registration);
  }
  if (row.bib) {
    auto bib = *row.bib;
    bib.erase(0, std::min(bib.find_first_not_of('0'), bib.size() - 1));  // "007" is bib 7
    if (const auto it = by_bib_.find(bib); it != by_bib_.end()) return in_contest(it->second, "bib " + *row.bib);
    // A timing system's own numbers: the name may still say who it is.
    if (!row.name && !row.given_name && !row.family_name) return {std::nullopt, "no participant has bib " + *row.bib};
  }
  std::vector<std::string> keys;
  if (row.given_name || row.family_name)
    keys.push_back(text::search_text(row.given_name.value_or("") + " " + row.family_name.value_or("")));
  if (row.name) {
    // "Ann Smith", "Smith Ann" or "Smith, Ann".
    auto name = *row.name;
    if (const auto comma = name.find(','); comma != std::string::npos)
      name = name.substr(comma + 1) + " " + name.substr(0, comma);
    keys.push_back(text::search_text(name));
    const auto space = name.rfind(' ');
    if (space != std::string::npos) keys.push_back(text::search_text(name.substr(space + 1) + " " + name.substr(0, space)));
  }
  std::set<std::int64_t> found;
  std::optional<Candidate> first;
  for (const auto& key : keys) {
    const auto [from, to] = by_name().equal_range(key);
    for (auto it = from; it != to; ++it)
      if (it->second.contest_id == row.contest_id && found.insert(it->second.registration_id).second && !first)
        first = it->second;
  }
  if (found.size() > 1)
    return {std::nullopt, std::to_string(found.size()) + " participants of " + contest_name(event, row.contest_id) +
                              " have this name: give their bibs"};
  if (first) return {first->registration_id, {}};
  return {std::nullopt, "no participant of " + contest_name(event, row.contest_id) + " has this name"};
}

std::string who_of(const IncomingResult& row) {
  std::string name = row.name.value_or("");
  if (name.empty()) {
    name = row.given_name.value_or("");
    if (row.family_name) name += (name.empty() ? "" : " ") + *row.family_name;
  }
  std::string out = shown(name);
  if (row.bib) out += (out.empty() ? "bib " : " (bib ") + shown(*row.bib) + (out.empty() ? "" : ")");
  if (row.registration) out += (out.empty() ? "" : " ") + shown(*row.registration);
  return out;
}

void add_line(std::vector<ImportReport::Line>& list, std::size_t line, std::string text) {
  if (list.size() < kReportItems) list.push_back({line, std::move(text)});
}

std::vector<EventResult> matched_results(storage::Connection& c, const Event& event,
                                         const std::vector<IncomingResult>& rows, std::string_view source,
                                         ImportReport& report) {
  const ParticipantMatcher matcher(c, event.id);
  std::unordered_map<std::int64_t, EventResult> existing;
  c.query("SELECT registration_id, status, value FROM event_results WHERE event_id = ?", {event.id},
          [&](const storage::Row& r) {
            EventResult e;
            e.status = r.text(1);
            e.value = r.opt_i64(2);
            existing[r.i64(0)] = std::move(e);
          });
  std::unordered_map<std::int64_t, std::size_t> line_of;  // registration -> the row that gave its result
  std::vector<EventResult> out;
  for (const auto& row : rows) {
    const auto m = matcher.match(row, event);
    if (!m.registration_id) {
      ++report.unmatched_count;
      add_line(report.unmatched, row.line, who_of(row) + ": " + m.why_not);
      continue;
    }
    if (const auto [it, first] = line_of.emplace(*m.registration_id, row.line); !first) {
      ++report.invalid_count;
      add_line(report.invalid, row.line,
               "a second result for " + who_of(row) + " (line " + std::to_string(it->second) + " has the first)");
      continue;
    }
    EventResult r;
    r.event_id = event.id;
    r.contest_id = row.contest_id;
    r.registration_id = *m.registration_id;
    r.status = row.status;
    r.value = row.value;
    r.source = std::string(source);
    r.workout_id = row.workout_id;
    const auto kind = kind_of(event, row.contest_id);
    const bool listed = report.changes.size() < kReportItems;  // the report lists the first changes
    if (const auto it = existing.find(r.registration_id); it == existing.end()) {
      ++report.created;
      if (listed) report.changes.push_back({row.line, r.registration_id, "new " + result_text(r.status, r.value, kind)});
    } else if (it->second.status != r.status || it->second.value != r.value) {
      ++report.changed;
      if (listed)
        report.changes.push_back({row.line, r.registration_id,
                                  result_text(it->second.status, it->second.value, kind) + " -> " +
                                      result_text(r.status, r.value, kind)});
    } else {
      ++report.unchanged;
      continue;
    }
    out.push_back(std::move(r));
  }
  return out;
}

void apply_results(Runtime& rt, storage::Connection& c, const Event& event, const std::vector<EventResult>& results,
                   const ImportReport& report, bool skip_unmatched, std::optional<std::int64_t> recorded_by) {
  const auto first_lines = [](const std::vector<ImportReport::Line>& list) {
    std::string out;
    for (std::size_t i = 0; i < list.size() && i < 3; ++i)
      out += (out.empty() ? "" : "; ") + (list[i].line ? "line " + std::to_string(list[i].line) + ": " : "") + list[i].text;
    return out;
  };
  if (report.invalid_count)
    throw Error::invalid("file", std::to_string(report.invalid_count) + " rows are no result (" +
                                     first_lines(report.invalid) + "): correct them; a dry run lists them all");
  if (report.unmatched_count && !skip_unmatched)
    throw Error::precondition(std::to_string(report.unmatched_count) + " rows match no participant (" +
                                  first_lines(report.unmatched) +
                                  "): correct them, or apply with skip_unmatched; a dry run lists them all",
                              "file");
  std::vector<EventResult> rows = results;
  std::set<std::int64_t> contests;
  for (auto& r : rows) {
    r.id = rt.next_id();
    contests.insert(r.contest_id);
  }
  write_results(c, rows, recorded_by, rt.now());
  for (auto id : contests) rerank_contest(c, event, contest_in(event, id));
}

}  // namespace fitkit::events
