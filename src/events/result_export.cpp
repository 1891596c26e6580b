// Results and entries as files: leaderboards as CSV, Excel or an IOF XML 3.0 ResultList, and
// the IOF EntryList and StartList that timing systems read.
#include <limits>

#include "core/runtime.hpp"
#include "events/event_store.hpp"
#include "events/registration_rules.hpp"
#include "events/result_rules.hpp"
#include "events/result_store.hpp"
#include "events/result_values.hpp"
#include "fitkit/error.hpp"
#include "fitkit/id.hpp"
#include "fitkit/results.hpp"
#include "formats/csv_writer.hpp"
#include "formats/iof_writer.hpp"
#include "formats/xlsx_writer.hpp"

namespace fitkit {
namespace {

constexpr std::string_view kCreator = "fitkit";
constexpr std::int64_t kEverything = std::numeric_limits<std::int64_t>::max();

const std::vector<std::string> kColumns{"position", "place",  "bib",    "given_name", "family_name", "club", "team",
                                        "gender",   "category", "status", "result",     "behind",      "provisional"};

std::vector<formats::XlsxCell> cells_of(const Standing& s, std::string_view kind) {
  using formats::XlsxCell;
  const auto text = [](const std::optional<std::string>& v) { return v ? XlsxCell::text(*v) : XlsxCell::empty(); };
  const auto number = [](const auto& v) { return v ? XlsxCell::number(static_cast<double>(*v)) : XlsxCell::empty(); };
  return {XlsxCell::number(static_cast<double>(s.position)),
          number(s.place),
          number(s.bib),
          XlsxCell::text(s.given_name),
          XlsxCell::text(s.family_name),
          text(s.club),
          text(s.team),
          text(s.gender),
          text(s.category),
          XlsxCell::text(s.result.status),
          XlsxCell::text(events::value_text(s.result.value, kind)),
          XlsxCell::text(events::value_text(s.behind, kind)),
          XlsxCell::text(s.provisional ? "yes" : "no")};
}

std::string csv_of(const std::vector<Standing>& rows, std::string_view kind) {
  formats::CsvWriter w;
  for (const auto& c : kColumns) w.text(c);
  w.end_row();
  for (const auto& s : rows) {
    for (const auto& cell : cells_of(s, kind)) {
      if (const auto* t = std::get_if<std::string>(&cell.value)) w.text(*t);
      else if (const auto* n = std::get_if<double>(&cell.value)) w.integer(static_cast<long long>(*n));
      else w.text("");
    }
    w.end_row();
  }
  return w.str();
}

std::optional<std::string> sex_of(const std::optional<std::string>& gender) {
  if (gender == "female") return "F";
  if (gender == "male") return "M";
  return std::nullopt;
}

formats::iof::EventInfo event_info(const Event& event) {
  return {event.title, format_id(IdKind::event, event.id), event.starts_at, events::event_day(event)};
}

formats::iof::ClassInfo class_of(const Contest& k) { return {k.name, std::nullopt, format_id(IdKind::contest, k.id)}; }

formats::iof::PersonResult iof_result(const Standing& s, std::string_view kind) {
  formats::iof::PersonResult p;
  p.person.given = s.given_name;
  p.person.family = s.family_name;
  p.person.id = format_id(IdKind::registration, s.result.registration_id);
  p.person.sex = sex_of(s.gender);
  p.organisation = s.club;
  if (s.bib) p.bib = std::to_string(*s.bib);
  p.status = s.result.status;
  p.position = s.place;
  if (kind == "time") {
    if (s.result.value) p.time_s = static_cast<double>(*s.result.value) / 1000.0;
    if (s.behind) p.time_behind_s = static_cast<double>(*s.behind) / 1000.0;
  } else if (kind == "points" && s.result.value) {
    p.score = static_cast<double>(*s.result.value);
  }
  return p;
}

bool official(storage::Connection& c, std::int64_t event_id) {
  return c.query_i64("SELECT 1 FROM events WHERE id = ? AND results_published_at IS NOT NULL", {event_id}).has_value();
}

}  // namespace

ResultFile ResultService::export_results(const Actor& actor, std::int64_t event_id, const LeaderboardQuery& q,
                                         std::string_view format) {
  if (format != "csv" && format != "xlsx" && format != "iof")
    throw Error::invalid("format", "format must be csv, xlsx or iof");
  storage::Snapshot one_state(*rt_.db);
  auto c = rt_.db->acquire();
  const auto event = events::visible_event(*c, actor, event_id, q.link_token);
  const auto base = format_id(IdKind::event, event_id) + "-results";
  if (format == "iof") {
    if (q.category || q.gender) throw Error::invalid("format", "an IOF ResultList holds whole contests: leave out category and gender");
    formats::iof::ResultList list;
    list.event = event_info(event);
    list.status = official(*c, event_id) ? "Complete" : "Snapshot";
    for (const auto& k : event.contests) {
      if (q.contest_id && k.id != *q.contest_id) continue;
      auto& [cls, results] = list.classes.emplace_back(class_of(k), std::vector<formats::iof::PersonResult>{});
      for (const auto& s : events::standings_page(*c, event, k, "overall", 0, kEverything))
        results.push_back(iof_result(s, k.result_kind));
    }
    if (q.contest_id && list.classes.empty()) events::contest_in(event, *q.contest_id);
    return {base + ".xml", "application/xml", formats::iof::write_result_list(list, rt_.now(), kCreator)};
  }
  const auto& contest = events::contest_of_query(event, q.contest_id);
  const auto ranking = events::ranking_key(contest, q.category, q.gender);
  const auto rows = events::standings_page(*c, event, contest, ranking, 0, kEverything);
  if (format == "csv") return {base + ".csv", "text/csv; charset=utf-8", csv_of(rows, contest.result_kind)};
  std::vector<std::vector<formats::XlsxCell>> cells;
  cells.reserve(rows.size());
  for (const auto& s : rows) cells.push_back(cells_of(s, contest.result_kind));
  return {base + ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          formats::xlsx_table(contest.name, kColumns, cells)};
}

ResultFile ResultService::export_entries(const Actor& actor, std::int64_t event_id, std::string_view list) {
  if (list != "entries" && list != "starts") throw Error::invalid("list", "list must be entries or starts");
  storage::Snapshot one_state(*rt_.db);
  auto c = rt_.db->acquire();
  const auto event = events::managed_event(*c, actor, event_id);
  struct Row {
    std::int64_t id, contest_id;
    formats::iof::Person person;
    std::optional<std::string> club;
    std::optional<std::int64_t> bib;
  };
  std::vector<Row> rows;
  c->query("SELECT id, contest_id, given_name, family_name, birth_date, gender, club, bib FROM event_registrations"
           " WHERE event_id = ? AND holds_place = 1 AND status <> 'offered' ORDER BY contest_id, bib, id",
           {event_id}, [&](const storage::Row& r) {
             Row row{r.i64(0), r.i64(1), {}, r.opt_text(6), r.opt_i64(7)};
             row.person.given = r.text(2);
             row.person.family = r.text(3);
             row.person.id = format_id(IdKind::registration, row.id);
             row.person.birth_date = r.opt_text(4);
             row.person.sex = sex_of(r.opt_text(5));
             rows.push_back(std::move(row));
           });
  const auto base = format_id(IdKind::event, event_id);
  if (list == "entries") {
    std::vector<formats::iof::Entry> entries;
    for (const auto& r : rows)
      entries.push_back({r.person, r.club, std::nullopt, class_of(events::contest_in(event, r.contest_id))});
    return {base + "-entries.xml", "application/xml",
            formats::iof::write_entry_list(event_info(event), entries, rt_.now(), kCreator)};
  }
  std::vector<std::pair<formats::iof::ClassInfo, std::vector<formats::iof::Start>>> classes;
  for (const auto& k : event.contests) {
    auto& [cls, starts] = classes.emplace_back(class_of(k), std::vector<formats::iof::Start>{});
    for (const auto& r : rows)
      if (r.contest_id == k.id)
        starts.push_back({r.person, r.club, r.bib ? std::optional(std::to_string(*r.bib)) : std::nullopt,
                          k.starts_at.value_or(event.starts_at)});
  }
  return {base + "-starts.xml", "application/xml",
          formats::iof::write_start_list(event_info(event), classes, rt_.now(), kCreator)};
}

}  // namespace fitkit
