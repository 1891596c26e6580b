// Results by hand, publishing, and the leaderboards read from the standings.
#include "core/runtime.hpp"
#include "events/event_store.hpp"
#include "events/race_records.hpp"
#include "events/ranking.hpp"
#include "events/registration_access.hpp"
#include "events/registration_rules.hpp"
#include "events/registration_store.hpp"
#include "events/result_awards.hpp"
#include "events/result_rules.hpp"
#include "events/result_store.hpp"
#include "events/result_values.hpp"
#include "fitkit/error.hpp"
#include "fitkit/results.hpp"

namespace fitkit {
namespace {

bool published(storage::Connection& c, std::int64_t event_id) {
  return c.query_i64("SELECT results_published_at FROM events WHERE id = ? AND results_published_at IS NOT NULL",
                     {event_id})
      .has_value();
}

}  // namespace

EventResult ResultService::set(const Actor& actor, std::int64_t registration_id, const ResultEntry& entry) {
  return storage::retry_on_conflict([&] {
    auto c = rt_.db->acquire();
    storage::Transaction tx(*c);
    const auto reached = events::managed_registration(*c, actor, registration_id);
    const auto& r = reached.registration;
    events::check_results_open(reached.event);
    events::check_takes_part(r);
    const auto& contest = events::contest_in(reached.event, r.contest_id);
    EventResult result;
    result.id = rt_.next_id();
    result.event_id = r.event_id;
    result.contest_id = r.contest_id;
    result.registration_id = r.id;
    result.source = "hand";
    const auto status = events::result_status_of(entry.status);
    if (!status) throw Error::invalid("status", "status must be OK, DNS, DNF, DSQ or an IOF result status");
    result.status = *status;
    if (entry.value) result.value = events::result_value(contest.result_kind, *entry.value);
    if (events::is_placed_status(result.status) && !result.value)
      throw Error::invalid("value", "a result with status " + result.status + " needs its " + contest.result_kind);
    events::write_results(*c, {result}, actor.user_id, rt_.now());
    events::rerank_contest(*c, reached.event, contest);
    auto out = *events::result_of_registration(*c, r.id);
    tx.commit();
    return out;
  });
}

void ResultService::remove(const Actor& actor, std::int64_t registration_id) {
  storage::retry_on_conflict([&] {
    auto c = rt_.db->acquire();
    storage::Transaction tx(*c);
    const auto reached = events::managed_registration(*c, actor, registration_id);
    if (!events::result_of_registration(*c, registration_id)) throw Error::not_found("the participant has no result");
    events::delete_result(*c, registration_id, rt_.now());
    events::rerank_contest(*c, reached.event, events::contest_in(reached.event, reached.registration.contest_id));
    tx.commit();
  });
}

void ResultService::publish(const Actor& actor, std::int64_t event_id, bool publish) {
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  const auto event = events::managed_event(*c, actor, event_id);
  events::check_results_open(event);
  if (publish == published(*c, event_id))
    throw Error::precondition(publish ? "the results are already published" : "the results are not published");
  c->exec("UPDATE events SET results_published_at = ?, updated_at = ? WHERE id = ?",
          {publish ? std::optional<std::int64_t>(rt_.now()) : std::nullopt, rt_.now(), event_id});
  if (publish) {
    events::tell_participants(rt_, *c, event_id, "id IN (SELECT registration_id FROM event_results WHERE event_id = ?)",
                              {event_id}, "event_results_published", {});
    events::give_place_awards(rt_, *c, event);
  } else {
    events::take_back_place_awards(*c, event_id);
  }
  tx.commit();
}

Leaderboard ResultService::leaderboard(const Actor& actor, std::int64_t event_id, const LeaderboardQuery& q) {
  check_page_limit(q.limit);
  auto c = rt_.db->acquire();
  const auto event = events::visible_event(*c, actor, event_id, q.link_token);
  const auto& contest = events::contest_of_query(event, q.contest_id);
  Leaderboard out;
  out.event_id = event_id;
  out.contest_id = contest.id;
  out.ranking = events::ranking_key(contest, q.category, q.gender);
  out.result_kind = contest.result_kind;
  out.official = published(*c, event_id);
  out.page = Page<Standing>::from_rows(
      events::standings_page(*c, event, contest, out.ranking, q.after_position.value_or(0), q.limit + 1), q.limit);
  events::mark_personal_bests(*c, event, contest, out.page.items);
  return out;
}

TeamLeaderboard ResultService::teams(const Actor& actor, std::int64_t event_id, std::optional<std::int64_t> contest_id,
                                     int best_n) {
  if (best_n < 1 || best_n > 100) throw Error::invalid("best_n", "best_n must be from 1 to 100");
  auto c = rt_.db->acquire();
  const auto event = events::visible_event(*c, actor, event_id);
  const auto& contest = events::contest_of_query(event, contest_id);
  std::vector<events::RankedEntry> entries;
  c->query("SELECT r.registration_id, r.status, r.value, r.recorded_at, g.team FROM event_results r"
           " JOIN event_registrations g ON g.id = r.registration_id WHERE r.contest_id = ? ORDER BY r.id",
           {contest.id}, [&](const storage::Row& row) {
             events::RankedEntry e;
             e.registration_id = row.i64(0);
             e.status = row.text(1);
             e.value = row.opt_i64(2);
             e.recorded_at = row.i64(3);
             e.team = row.opt_text(4);
             entries.push_back(std::move(e));
           });
  TeamLeaderboard out;
  out.contest_id = contest.id;
  out.best_n = best_n;
  for (const auto& t : events::rank_teams(entries, contest.result_kind, best_n)) {
    TeamLeaderboard::Team team{t.team, t.place, t.total, t.behind, {}};
    for (auto i : t.counted) team.counted.push_back(entries[i].registration_id);
    out.teams.push_back(std::move(team));
  }
  return out;
}

}  // namespace fitkit
