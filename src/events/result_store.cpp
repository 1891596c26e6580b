#include "events/result_store.hpp"

#include <functional>
#include <map>

#include "events/ranking.hpp"
#include "events/registration_rules.hpp"
#include "events/registration_store.hpp"
#include "fitkit/error.hpp"

namespace fitkit::events {
namespace {

constexpr const char* kResultColumns =
    "r.id, r.event_id, r.contest_id, r.registration_id, r.status, r.value, r.source, r.workout_id, r.recorded_at,"
    " r.updated_at, k.result_kind";

EventResult read_result(const storage::Row& row, int at = 0) {
  EventResult r;
  r.id = row.i64(at);
  r.event_id = row.i64(at + 1);
  r.contest_id = row.i64(at + 2);
  r.registration_id = row.i64(at + 3);
  r.status = row.text(at + 4);
  r.value = row.opt_i64(at + 5);
  r.source = row.text(at + 6);
  r.workout_id = row.opt_i64(at + 7);
  r.recorded_at = row.i64(at + 8);
  r.updated_at = row.i64(at + 9);
  r.result_kind = row.text(at + 10);
  return r;
}

// One standing row to write; its ranking's key and position are those of the list it is in.
struct StandingRow {
  std::int64_t result_id = 0;
  Placing placing;
  bool provisional = false;

  bool operator==(const StandingRow&) const = default;
};

// A ranking's lines in order: "overall", "gender:female", "category:M35".
struct RankingLines {
  std::string key;
  std::vector<StandingRow> rows;
};

// Many rows a statement: one round trip (and one statement to run) per hundred rows. Runs
// `head` VALUES (…), (…) `tail` for rows [0, n), `values(i, params)` adding row i's `columns`
// values.
constexpr std::size_t kRowsPerStatement = 100;
void insert_rows(storage::Connection& c, std::string_view head, std::size_t columns, std::size_t n,
                 std::string_view tail, const std::function<void(std::size_t, std::vector<storage::Param>&)>& values) {
  for (std::size_t at = 0; at < n; at += kRowsPerStatement) {
    const auto end = std::min(n, at + kRowsPerStatement);
    std::string sql(head);
    sql += " VALUES ";
    std::vector<storage::Param> params;
    params.reserve((end - at) * columns);
    for (auto i = at; i < end; ++i) {
      sql += (i == at ? "(" : ", (") + storage::placeholders(columns) + ")";
      values(i, params);
    }
    sql += tail;
    c.exec(sql, params);
  }
}

// Writes the rankings' lines over what the contest's standings hold, touching only the lines
// that changed: results coming in during a race mostly add lines at the end. Each ranking's
// lines are written in position order, appended to the key's b-tree rather than spread across it.
void write_standings(storage::Connection& c, std::int64_t contest_id, const std::vector<RankingLines>& rankings) {
  std::map<std::string, std::vector<StandingRow>, std::less<>> stored;
  c.query("SELECT ranking, result_id, place, behind, provisional FROM event_standings WHERE contest_id = ?"
          " ORDER BY ranking, position",
          {contest_id}, [&](const storage::Row& r) {
            Placing placing;
            if (auto place = r.opt_i64(2)) placing.place = static_cast<int>(*place);
            placing.behind = r.opt_i64(3);
            stored[r.text(0)].push_back({r.i64(1), placing, r.i64(4) != 0});
          });
  for (const auto& ranking : rankings) {
    const auto it = stored.find(ranking.key);
    const std::vector<StandingRow> none;
    const auto& before = it == stored.end() ? none : it->second;
    std::vector<std::size_t> changed;
    for (std::size_t i = 0; i < ranking.rows.size(); ++i)
      if (i >= before.size() || !(before[i] == ranking.rows[i])) changed.push_back(i);
    insert_rows(c, "INSERT INTO event_standings (contest_id, ranking, position, result_id, place, behind, provisional)",
                7, changed.size(),
                before.empty() ? ""
                               : " ON CONFLICT (contest_id, ranking, position) DO UPDATE SET result_id = excluded.result_id,"
                                 " place = excluded.place, behind = excluded.behind, provisional = excluded.provisional",
                [&](std::size_t k, std::vector<storage::Param>& params) {
                  const auto i = changed[k];
                  const auto& s = ranking.rows[i];
                  params.emplace_back(contest_id);
                  params.emplace_back(ranking.key);
                  params.emplace_back(static_cast<std::int64_t>(i + 1));
                  params.emplace_back(s.result_id);
                  params.emplace_back(s.placing.place ? std::optional<std::int64_t>(*s.placing.place) : std::nullopt);
                  params.emplace_back(s.placing.behind);
                  params.emplace_back(s.provisional);
                });
    if (before.size() > ranking.rows.size())
      c.exec("DELETE FROM event_standings WHERE contest_id = ? AND ranking = ? AND position > ?",
             {contest_id, ranking.key, static_cast<std::int64_t>(ranking.rows.size())});
    if (it != stored.end()) stored.erase(it);
  }
  for (const auto& [gone, _] : stored)  // a ranking gone: a gender nobody holds now, a category taken away
    c.exec("DELETE FROM event_standings WHERE contest_id = ? AND ranking = ?", {contest_id, gone});
}

}  // namespace

std::optional<EventResult> result_of_registration(storage::Connection& c, std::int64_t registration_id) {
  std::optional<EventResult> out;
  c.query(std::string("SELECT ") + kResultColumns + " FROM event_results r JOIN event_contests k ON k.id = r.contest_id"
              " WHERE r.registration_id = ?",
          {registration_id}, [&](const storage::Row& row) { out = read_result(row); });
  return out;
}

std::optional<std::string_view> registration_status_for(std::string_view s) {
  if (s == "OK" || s == "Finished" || s == "NotCompeting") return "finished";
  if (s == "DidNotStart" || s == "DidNotEnter" || s == "Cancelled" || s == "Moved" || s == "MovedUp") return "dns";
  if (s == "DidNotFinish" || s == "SportingWithdrawal") return "dnf";
  if (s == "Disqualified" || s == "MissingPunch" || s == "OverTime") return "dsq";
  return std::nullopt;  // Active, Inactive
}

void write_results(storage::Connection& c, const std::vector<EventResult>& results,
                   std::optional<std::int64_t> recorded_by, std::int64_t now_ms) {
  insert_rows(c,
              "INSERT INTO event_results (id, event_id, contest_id, registration_id, status, value, source, workout_id,"
              " recorded_by, recorded_at, updated_at)",
              11, results.size(),
              " ON CONFLICT (registration_id) DO UPDATE SET status = excluded.status, value = excluded.value,"
              " source = excluded.source, workout_id = excluded.workout_id, recorded_by = excluded.recorded_by,"
              " contest_id = excluded.contest_id, updated_at = excluded.updated_at",
              [&](std::size_t i, std::vector<storage::Param>& params) {
                const auto& r = results[i];
                for (storage::Param p : {storage::Param(r.id), storage::Param(r.event_id), storage::Param(r.contest_id),
                                         storage::Param(r.registration_id), storage::Param(r.status),
                                         storage::Param(r.value), storage::Param(r.source), storage::Param(r.workout_id),
                                         storage::Param(recorded_by), storage::Param(now_ms), storage::Param(now_ms)})
                  params.push_back(p);
              });
  // The registrations' statuses, one statement per status and hundred registrations.
  std::map<std::string_view, std::vector<std::int64_t>> by_status;
  for (const auto& r : results)
    if (auto status = registration_status_for(r.status)) by_status[*status].push_back(r.registration_id);
  for (const auto& [status, ids] : by_status)
    for (std::size_t at = 0; at < ids.size(); at += kRowsPerStatement) {
      const auto end = std::min(ids.size(), at + kRowsPerStatement);
      std::vector<storage::Param> params{storage::Param(status), storage::Param(now_ms)};
      for (auto i = at; i < end; ++i) params.emplace_back(ids[i]);
      params.emplace_back(status);
      c.exec("UPDATE event_registrations SET status = ?, updated_at = ? WHERE id IN (" +
                 storage::placeholders(end - at) + ") AND status <> ?",
             params);
    }
}

void delete_result(storage::Connection& c, std::int64_t registration_id, std::int64_t now_ms) {
  c.exec("DELETE FROM event_results WHERE registration_id = ?", {registration_id});
  // Back to where the result found it: at the start line.
  c.exec("UPDATE event_registrations SET status = CASE WHEN checked_in_at IS NULL THEN 'confirmed' ELSE 'checked_in'"
         " END, updated_at = ? WHERE id = ? AND status IN ('finished', 'dns', 'dnf', 'dsq')",
         {now_ms, registration_id});
}

void rerank_contest(storage::Connection& c, const Event& event, const Contest& contest) {
  const auto day = event_day(event);
  std::vector<RankedEntry> entries;
  std::vector<std::int64_t> result_ids;
  c.query("SELECT r.id, r.registration_id, r.status, r.value, r.recorded_at, g.gender, g.birth_date, g.team"
          " FROM event_results r JOIN event_registrations g ON g.id = r.registration_id"
          " WHERE r.contest_id = ? ORDER BY r.id",
          {contest.id}, [&](const storage::Row& row) {
            RankedEntry e;
            e.registration_id = row.i64(1);
            e.status = row.text(2);
            e.value = row.opt_i64(3);
            e.recorded_at = row.i64(4);
            e.gender = row.opt_text(5);
            if (auto birth = row.opt_text(6)) e.age = age_on(*birth, day);
            e.team = row.opt_text(7);
            entries.push_back(std::move(e));
            result_ids.push_back(row.i64(0));
          });
  const auto ranking = rank(entries, contest.result_kind, contest.categories);
  // The overall ranking, then one per category (by its index), then one per gender present.
  std::vector<RankingLines> lines{{"overall", {}}};
  for (const auto& k : contest.categories) lines.push_back({"category:" + k.code, {}});
  std::map<std::string, std::size_t, std::less<>> gender_lines;
  lines.front().rows.reserve(entries.size());
  for (const auto& r : ranking.results) {
    const auto id = result_ids[r.entry];
    lines.front().rows.push_back({id, r.overall, r.provisional});
    if (const auto& gender = entries[r.entry].gender) {
      auto [it, added] = gender_lines.emplace(*gender, lines.size());
      if (added) lines.push_back({"gender:" + *gender, {}});
      lines[it->second].rows.push_back({id, r.in_gender, r.provisional});
    }
    for (const auto& cp : ranking.categories_of(r)) lines[1 + cp.category].rows.push_back({id, cp.placing, r.provisional});
  }
  write_standings(c, contest.id, lines);
}

std::string ranking_key(const Contest& contest, const std::optional<std::string>& category,
                        const std::optional<std::string>& gender) {
  if (category && gender) throw Error::invalid("gender", "choose a category or a gender, not both");
  if (category) {
    for (const auto& k : contest.categories)
      if (k.code == *category) return "category:" + k.code;
    std::string codes;
    for (const auto& k : contest.categories) codes += (codes.empty() ? "" : ", ") + k.code;
    throw Error::invalid("category", "the contest " + contest.name + " has no category " + *category +
                                         (codes.empty() ? " (it has none)" : " (it has " + codes + ")"));
  }
  if (gender) {
    if (*gender != "female" && *gender != "male" && *gender != "other")
      throw Error::invalid("gender", "gender must be female, male or other");
    return "gender:" + *gender;
  }
  return "overall";
}

std::vector<Standing> standings_page(storage::Connection& c, const Event& event, const Contest& contest,
                                     std::string_view ranking, std::int64_t after_position, std::int64_t limit) {
  const auto day = event_day(event);
  std::vector<Standing> out;
  c.query(std::string("SELECT s.position, s.place, s.behind, s.provisional, ") + kResultColumns +
              ", g.user_id, g.given_name, g.family_name, g.club, g.team, g.gender, g.bib, g.birth_date"
              " FROM event_standings s JOIN event_results r ON r.id = s.result_id"
              " JOIN event_contests k ON k.id = r.contest_id JOIN event_registrations g ON g.id = r.registration_id"
              " WHERE s.contest_id = ? AND s.ranking = ? AND s.position > ? ORDER BY s.position LIMIT ?",
          {contest.id, ranking, after_position, limit}, [&](const storage::Row& row) {
            Standing s;
            s.position = row.i64(0);
            if (auto place = row.opt_i64(1)) s.place = static_cast<int>(*place);
            s.behind = row.opt_i64(2);
            s.provisional = row.i64(3) != 0;
            s.result = read_result(row, 4);
            s.user_id = row.opt_i64(15);
            s.given_name = row.text(16);
            s.family_name = row.text(17);
            s.club = row.opt_text(18);
            s.team = row.opt_text(19);
            s.gender = row.opt_text(20);
            s.bib = row.opt_i64(21);
            if (auto birth = row.opt_text(22)) s.age = age_on(*birth, day);
            s.category = category_code_for(contest.categories, s.gender, s.age);
            out.push_back(std::move(s));
          });
  return out;
}

}  // namespace fitkit::events
