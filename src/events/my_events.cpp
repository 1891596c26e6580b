// "My events": the events a user takes part in, upcoming, current or finished, with their
// result and place.
#include "core/runtime.hpp"
#include "events/result_store.hpp"
#include "fitkit/error.hpp"
#include "fitkit/results.hpp"

namespace fitkit {

namespace {

// The most a user is shown in one answer: far more than anyone enters.
constexpr std::int64_t kMaxMyEvents = 500;

}  // namespace

std::vector<MyEvent> ResultService::my_events(const Actor& actor, std::string_view when) {
  if (!actor.is_user()) throw Error::unauthenticated();
  std::string condition, order;
  if (when == "upcoming") {
    condition = "e.status IN ('draft', 'published', 'registration_open') AND e.starts_at > ?";
    order = "e.starts_at, e.id";
  } else if (when == "current") {
    condition = "(e.status = 'in_progress' OR (e.status IN ('published', 'registration_open') AND e.starts_at <= ?))";
    order = "e.starts_at, e.id";
  } else if (when == "finished") {
    condition = "e.status IN ('finished', 'cancelled') AND e.starts_at <> ?";  // ? keeps one parameter list
    order = "e.starts_at DESC, e.id DESC";
  } else {
    throw Error::invalid("when", "when must be upcoming, current or finished");
  }
  auto c = rt_.db->acquire();
  std::vector<MyEvent> out;
  c->query("SELECT g.id, g.event_id, g.contest_id, g.status, e.title, e.status, e.starts_at, e.ends_at,"
           " e.results_published_at, k.result_kind FROM event_registrations g JOIN events e ON e.id = g.event_id"
           " JOIN event_contests k ON k.id = g.contest_id"
           " WHERE g.user_id = ? AND g.status NOT IN ('withdrawn', 'rejected') AND " + condition +
               " ORDER BY " + order + " LIMIT ?",
           {actor.user_id, rt_.now(), kMaxMyEvents}, [&](const storage::Row& r) {
             MyEvent m;
             m.registration_id = r.i64(0);
             m.event_id = r.i64(1);
             m.contest_id = r.i64(2);
             m.registration_status = r.text(3);
             m.title = r.text(4);
             m.event_status = r.text(5);
             m.starts_at = r.i64(6);
             m.ends_at = r.i64(7);
             m.official = !r.is_null(8);
             m.result_kind = r.text(9);
             out.push_back(std::move(m));
           });
  for (auto& m : out) {
    m.result = events::result_of_registration(*c, m.registration_id);
    if (m.result)
      // Within the contest's overall lines (the standings' key): no index by result to keep.
      if (auto place = c->query_i64("SELECT place FROM event_standings WHERE contest_id = ? AND ranking = 'overall'"
                                    " AND result_id = ?",
                                    {m.contest_id, m.result->id}))
        m.place = static_cast<int>(*place);
  }
  return out;
}

}  // namespace fitkit
