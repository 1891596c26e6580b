// Awards: given to the winners of an event's awards with a place when its results are published,
// or by the organizers' hand; each joins the winner's collection.
#include <algorithm>

#include "core/runtime.hpp"
#include "core/text_rules.hpp"
#include "events/event_store.hpp"
#include "events/registration_access.hpp"
#include "events/registration_store.hpp"
#include "events/result_awards.hpp"
#include "events/result_rules.hpp"
#include "fitkit/error.hpp"
#include "fitkit/profiles.hpp"
#include "fitkit/results.hpp"

namespace fitkit {
namespace events {
namespace {

constexpr const char* kAwardColumns =
    "a.id, a.event_id, a.contest_id, a.registration_id, a.user_id, e.title, g.given_name, g.family_name, a.title,"
    " a.place, a.category, a.prize, a.awarded_at";
constexpr const char* kAwardFrom =
    " FROM event_awards_given a JOIN events e ON e.id = a.event_id JOIN event_registrations g ON g.id = a.registration_id";

AwardGiven read_award(const storage::Row& r) {
  AwardGiven a;
  a.id = r.i64(0);
  a.event_id = r.i64(1);
  a.contest_id = r.i64(2);
  a.registration_id = r.i64(3);
  a.user_id = r.opt_i64(4);
  a.event_title = r.text(5);
  a.given_name = r.text(6);
  a.family_name = r.text(7);
  a.title = r.text(8);
  if (auto place = r.opt_i64(9)) a.place = static_cast<int>(*place);
  a.category = r.opt_text(10);
  a.prize = r.opt_text(11);
  a.awarded_at = r.i64(12);
  return a;
}

std::vector<AwardGiven> awards_where(storage::Connection& c, const std::string& where, storage::Params params) {
  std::vector<AwardGiven> out;
  c.query(std::string("SELECT ") + kAwardColumns + kAwardFrom + " WHERE " + where, params,
          [&](const storage::Row& r) { out.push_back(read_award(r)); });
  return out;
}

}  // namespace

void give_place_awards(Runtime& rt, storage::Connection& c, const Event& event) {
  take_back_place_awards(c, event.id);
  const auto now = rt.now();
  for (const auto& contest : event.contests)
    for (const auto& award : event.awards) {
      if (!award.place) continue;
      // An award of a category goes in the contests that rank it; an overall one in each contest.
      std::string ranking = "overall";
      if (award.category) {
        const auto& cats = contest.categories;
        if (std::none_of(cats.begin(), cats.end(), [&](const RankingCategory& k) { return k.code == *award.category; }))
          continue;
        ranking = "category:" + *award.category;
      }
      std::vector<std::pair<std::int64_t, std::optional<std::int64_t>>> winners;  // ties share the place
      c.query("SELECT g.id, g.user_id FROM event_standings s JOIN event_results r ON r.id = s.result_id"
              " JOIN event_registrations g ON g.id = r.registration_id"
              " WHERE s.contest_id = ? AND s.ranking = ? AND s.place = ? ORDER BY s.position",
              {contest.id, ranking, static_cast<std::int64_t>(*award.place)},
              [&](const storage::Row& r) { winners.emplace_back(r.i64(0), r.opt_i64(1)); });
      for (const auto& [registration, user] : winners) {
        c.exec("INSERT INTO event_awards_given (id, event_id, contest_id, registration_id, user_id, title, place,"
               " category, prize, awarded_at) VALUES (" + storage::placeholders(10) + ") ON CONFLICT DO NOTHING",
               {rt.next_id(), event.id, contest.id, registration, user, award.title,
                static_cast<std::int64_t>(*award.place), award.category, award.prize, now});
        EventRegistration told;
        told.id = registration;
        told.event_id = event.id;
        told.user_id = user;
        told.status = "finished";
        notify_registrant(rt, c, told, "award_won",
                          {{"award", award.title}, {"place", std::to_string(*award.place)},
                           {"prize", award.prize.value_or("")}});
      }
    }
}

void take_back_place_awards(storage::Connection& c, std::int64_t event_id) {
  c.exec("DELETE FROM event_awards_given WHERE event_id = ? AND place IS NOT NULL", {event_id});
}

}  // namespace events

std::vector<AwardGiven> ResultService::awards(const Actor& actor, std::int64_t event_id, std::string_view link_token) {
  auto c = rt_.db->acquire();
  events::visible_event(*c, actor, event_id, link_token);
  return events::awards_where(*c, "a.event_id = ? ORDER BY a.contest_id, a.place IS NULL, a.place, a.id", {event_id});
}

AwardGiven ResultService::give_award(const Actor& actor, std::int64_t registration_id, std::string_view title,
                                     std::optional<std::string> prize) {
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  const auto reached = events::managed_registration(*c, actor, registration_id);
  const auto& r = reached.registration;
  events::check_results_open(reached.event);
  events::check_takes_part(r);
  const auto name = text::one_line(title, "title", 200);
  if (prize) prize = text::one_line(*prize, "prize", 200);
  const auto id = rt_.next_id();
  c->exec("INSERT INTO event_awards_given (id, event_id, contest_id, registration_id, user_id, title, prize, awarded_at)"
          " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          {id, r.event_id, r.contest_id, r.id, r.user_id, name, prize, rt_.now()});
  events::notify_registrant(rt_, *c, r, "award_won", {{"award", name}, {"place", ""}, {"prize", prize.value_or("")}});
  auto out = events::awards_where(*c, "a.id = ?", {id}).front();
  tx.commit();
  return out;
}

void ResultService::take_back_award(const Actor& actor, std::int64_t registration_id, std::string_view title) {
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  events::managed_registration(*c, actor, registration_id);
  if (c->exec("DELETE FROM event_awards_given WHERE registration_id = ? AND title = ?", {registration_id, title}) == 0)
    throw Error::not_found("the participant has no award of that title");
  tx.commit();
}

std::vector<AwardGiven> ResultService::user_awards(const Actor& actor, std::int64_t user_id) {
  // The same rule as the profile: whoever may not see it gets not_found.
  ProfileService(rt_).get(actor, user_id);
  auto c = rt_.db->acquire();
  // Others see the awards of public events only: an unlisted event stays unknown to them.
  const std::string own = actor.is_user(user_id) ? "" : " AND e.visibility = 'public' AND e.status <> 'draft'";
  return events::awards_where(*c, "a.user_id = ?" + own + " ORDER BY a.awarded_at DESC, a.id DESC", {user_id});
}

}  // namespace fitkit
