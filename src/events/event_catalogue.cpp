// The catalogue: searching events with filters and sorts, suggestions for a user, and the
// taxonomy of categories.
#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "core/runtime.hpp"
#include "core/text_rules.hpp"
#include "events/event_rules.hpp"
#include "events/event_search.hpp"
#include "events/event_store.hpp"
#include "fitkit/error.hpp"
#include "fitkit/events.hpp"

namespace fitkit {
namespace {

constexpr double kEarthRadiusKm = 6371.0088;
constexpr double kPi = 3.14159265358979323846;
constexpr int kMaxNearCandidates = 5000;

// The starting taxonomy: the activities of profile interests among them, so that suggestions
// can match one to the other.
const std::vector<std::pair<const char*, const char*>> kStarterCategories{
    {"running", "Running"},   {"cycling", "Cycling"},       {"swimming", "Swimming"},  {"walking", "Walking"},
    {"hiking", "Hiking"},     {"strength", "Strength"},     {"yoga", "Yoga"},          {"crossfit", "CrossFit"},
    {"rowing", "Rowing"},     {"skiing", "Skiing"},         {"triathlon", "Triathlon"}, {"orienteering", "Orienteering"},
    {"football", "Football"}, {"basketball", "Basketball"}, {"tennis", "Tennis"},      {"martial_arts", "Martial arts"},
    {"dance", "Dance"},       {"climbing", "Climbing"},     {"fitness", "Fitness"},    {"for-beginners", "For beginners"},
    {"challenge", "Challenge"}, {"kids", "For children"},   {"charity", "Charity"}};

double radians(double degrees) { return degrees * kPi / 180; }

// Great-circle distance (haversine): close enough to the geodesic for "within 30 km".
double distance_km(double lat1, double lon1, double lat2, double lon2) {
  const double dlat = radians(lat2 - lat1), dlon = radians(lon2 - lon1);
  const double a = std::pow(std::sin(dlat / 2), 2) + std::cos(radians(lat1)) * std::cos(radians(lat2)) * std::pow(std::sin(dlon / 2), 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(a)));
}

void check_query(const EventQuery& q) {
  if (q.type) events::check_event_type(*q.type);
  if (q.sort != "date" && q.sort != "popularity" && q.sort != "relevance" && q.sort != "distance")
    throw Error::invalid("sort", "sort must be date, popularity, relevance or distance");
  if (q.sort == "relevance" && !(q.search && !q.search->empty()))
    throw Error::invalid("sort", "sort by relevance needs a search");
  const bool near = q.near_latitude || q.near_longitude || q.radius_km;
  if (near && !(q.near_latitude && q.near_longitude && q.radius_km))
    throw Error::invalid("radius_km", "a search by place needs near_latitude, near_longitude and radius_km");
  if (q.sort == "distance" && !near) throw Error::invalid("sort", "sort by distance needs a place to search around");
  if (near) {
    if (!(std::fabs(*q.near_latitude) <= 90)) throw Error::invalid("near_latitude", "near_latitude must be from -90 to 90");
    if (!(std::fabs(*q.near_longitude) <= 180))
      throw Error::invalid("near_longitude", "near_longitude must be from -180 to 180");
    if (!(*q.radius_km > 0 && *q.radius_km <= 20000)) throw Error::invalid("radius_km", "radius_km must be from 0 to 20000");
  }
  if (q.from && q.to && *q.to <= *q.from) throw Error::invalid("to", "to must be after from");
  if (q.offset < 0) throw Error::invalid("cursor", "a position is not negative");
}

}  // namespace

namespace events {

void ensure_starter_categories(storage::Connection& c, std::int64_t now_ms) {
  if (c.query_i64("SELECT 1 FROM event_categories LIMIT 1")) return;
  for (const auto& [slug, name] : kStarterCategories)
    c.exec("INSERT INTO event_categories (slug, name, created_at) VALUES (?, ?, ?) ON CONFLICT (slug) DO NOTHING",
           {slug, name, now_ms});
}

}  // namespace events

Page<Event> EventService::search(const Actor& actor, const EventQuery& q) {
  check_query(q);
  if (q.managed && !actor.is_user()) throw Error::unauthenticated();
  auto c = rt_.db->acquire();
  std::string sql = "SELECT e.id, e.latitude, e.longitude FROM events e";
  std::vector<storage::Param> params;
  const auto text = q.search ? events::search_join(c->dialect(), text::one_line(*q.search, "search", 200)) : std::nullopt;
  if (q.search && !text) throw Error::invalid("search", "search must hold a word");
  if (text) {
    sql += " JOIN " + text->sql + " s ON s.event_id = e.id";
    params.emplace_back(text->param);
  }
  sql += q.archived ? " WHERE e.archived_at IS NOT NULL" : " WHERE e.archived_at IS NULL";
  if (q.managed) {
    // The managers of events_policy's can_manage_event.
    sql += std::string(" AND (e.owner_id = ? OR e.org_id IN (SELECT m.org_id FROM organisation_members m WHERE") +
           " m.user_id = ? AND m.role IN (" + events::policy::kOrganisingRolesSql + ")))";
    params.insert(params.end(), {actor.user_id, actor.user_id});
  } else {
    sql += " AND e.visibility = 'public' AND e.status NOT IN ('draft', 'cancelled')";
    if (!q.from && !q.to && !q.archived) {
      sql += " AND e.ends_at >= ?";  // what has not ended yet
      params.emplace_back(rt_.now());
    }
  }
  if (q.type) {
    sql += " AND e.type = ?";
    params.emplace_back(*q.type);
  }
  if (q.category) {
    sql += " AND EXISTS (SELECT 1 FROM event_category_links l WHERE l.event_id = e.id AND l.slug = ?)";
    params.emplace_back(*q.category);
  }
  if (q.from) {
    sql += " AND e.starts_at >= ?";
    params.emplace_back(*q.from);
  }
  if (q.to) {
    sql += " AND e.starts_at < ?";
    params.emplace_back(*q.to);
  }
  if (q.online) sql += *q.online ? " AND e.online = 1" : " AND e.online = 0";
  if (q.org_id) {
    sql += " AND e.org_id = ?";
    params.emplace_back(*q.org_id);
  }
  const bool near = q.radius_km.has_value();
  if (near) {
    // A box around the point narrows the rows; the exact distance is checked below.
    const double dlat = *q.radius_km / 111.2;
    sql += " AND e.latitude BETWEEN ? AND ?";
    params.insert(params.end(), {*q.near_latitude - dlat, *q.near_latitude + dlat});
    const double cos_lat = std::cos(radians(std::min(89.0, std::fabs(*q.near_latitude) + dlat)));
    const double dlon = *q.radius_km / (111.2 * cos_lat);
    if (dlon < 180 && std::fabs(*q.near_longitude) + dlon <= 180) {
      sql += " AND e.longitude BETWEEN ? AND ?";
      params.insert(params.end(), {*q.near_longitude - dlon, *q.near_longitude + dlon});
    }
  }
  std::string order = q.sort == "popularity" ? "e.registrations DESC, e.starts_at" : "e.starts_at";
  if (q.sort == "relevance") order = "s.score, e.starts_at";
  sql += " ORDER BY e.featured DESC, " + order + ", e.id";
  if (near) {
    sql += " LIMIT " + std::to_string(kMaxNearCandidates);
  } else {
    sql += " LIMIT ? OFFSET ?";
    params.insert(params.end(), {static_cast<std::int64_t>(q.limit) + 1, q.offset});
  }
  struct Hit {
    std::int64_t id;
    std::optional<double> km;
  };
  std::vector<Hit> hits;
  c->query(sql, params, [&](const storage::Row& r) {
    Hit h{r.i64(0), std::nullopt};
    if (near) {
      const auto lat = r.opt_f64(1), lon = r.opt_f64(2);
      if (!lat || !lon) return;
      h.km = distance_km(*q.near_latitude, *q.near_longitude, *lat, *lon);
      if (*h.km > *q.radius_km) return;
    }
    hits.push_back(h);
  });
  if (near) {
    if (q.sort == "distance")
      std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return *a.km < *b.km; });
    const auto from = std::min(hits.size(), static_cast<std::size_t>(q.offset));
    const auto to = std::min(hits.size(), from + static_cast<std::size_t>(q.limit) + 1);
    hits = std::vector<Hit>(hits.begin() + static_cast<std::ptrdiff_t>(from), hits.begin() + static_cast<std::ptrdiff_t>(to));
  }
  std::vector<Event> rows;
  for (const auto& h : hits) {
    auto e = events::find_event(*c, actor, h.id);
    if (!e) continue;
    if (h.km) e->distance_km = std::round(*h.km * 100) / 100;
    rows.push_back(std::move(*e));
  }
  return Page<Event>::from_rows(std::move(rows), q.limit);
}

std::vector<EventSuggestion> EventService::suggestions(const Actor& actor, int limit) {
  if (!actor.is_user()) throw Error::unauthenticated();
  if (limit < 1 || limit > 50) throw Error::invalid("limit", "limit must be from 1 to 50");
  auto c = rt_.db->acquire();
  std::vector<std::string> interests;
  std::optional<std::string> city;
  c->query("SELECT interests, city FROM profiles WHERE user_id = ?", {actor.user_id}, [&](const storage::Row& r) {
    const auto j = nlohmann::json::parse(r.text(0), nullptr, false);
    if (j.is_array())
      for (const auto& i : j)
        if (i.is_string()) interests.push_back(i.get<std::string>());
    if (auto v = r.opt_text(1); v && !v->empty()) city = *v;
  });
  const auto city_key = city ? text::search_text(*city) : std::string();
  // Scored from one read of the candidates; only the chosen ones are read whole.
  struct Scored {
    std::int64_t id;
    int score;
    std::string reason;
  };
  std::vector<Scored> scored;
  const std::string agg(storage::string_agg_function(c->dialect()));
  c->query(
      "SELECT e.id, e.featured, e.place_name, e.address, (SELECT " + agg +
          "(l.slug, ',') FROM event_category_links l WHERE l.event_id = e.id) FROM events e"
          " WHERE e.archived_at IS NULL AND e.visibility = 'public' AND e.status IN ('published', 'registration_open')"
          " AND e.starts_at >= ? AND e.owner_id <> ? AND NOT EXISTS (SELECT 1 FROM organisation_members m"
          " WHERE m.org_id = e.org_id AND m.user_id = ? AND m.role IN (" + events::policy::kOrganisingRolesSql + "))"
          " ORDER BY e.starts_at, e.id LIMIT 2000",
      {rt_.now(), actor.user_id, actor.user_id}, [&](const storage::Row& r) {
        Scored s{r.i64(0), 0, {}};
        const auto add = [&](int points, std::string why) {
          s.score += points;
          if (s.reason.empty()) s.reason = std::move(why);
        };
        const auto slugs = "," + r.opt_text(4).value_or("") + ",";
        for (const auto& interest : interests)
          if (slugs.find("," + interest + ",") != std::string::npos) {
            add(3, "you are interested in " + interest);
            break;
          }
        if (!city_key.empty()) {
          const auto where = text::search_text(r.opt_text(2).value_or("") + " " + r.opt_text(3).value_or(""));
          if (where.find(city_key) != std::string::npos) add(2, "it takes place in " + *city + ", your city");
        }
        if (r.i64(1) != 0) add(1, "it is featured in the catalogue");
        if (s.score > 0) scored.push_back(std::move(s));
      });
  std::stable_sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) { return a.score > b.score; });
  std::vector<EventSuggestion> out;
  for (auto& s : scored) {
    if (out.size() >= static_cast<std::size_t>(limit)) break;
    if (auto e = events::find_event(*c, actor, s.id)) out.push_back({std::move(*e), std::move(s.reason)});
  }
  return out;
}

std::vector<EventCategory> EventService::categories() {
  auto c = rt_.db->acquire();
  events::ensure_starter_categories(*c, rt_.now());
  std::vector<EventCategory> out;
  c->query(
      "SELECT k.slug, k.name, (SELECT COUNT(*) FROM event_category_links l JOIN events e ON e.id = l.event_id"
      " WHERE l.slug = k.slug AND e.visibility = 'public' AND e.status NOT IN ('draft', 'cancelled')"
      " AND e.archived_at IS NULL) FROM event_categories k WHERE k.removed_at IS NULL ORDER BY k.name, k.slug",
      {}, [&](const storage::Row& r) { out.push_back({r.text(0), r.text(1), r.i64(2)}); });
  return out;
}

EventCategory EventService::add_category(const Actor& actor, std::string_view slug, std::string_view name) {
  if (!actor.is_user()) throw Error::unauthenticated();
  if (!events::policy::can_manage_categories(actor)) throw Error::permission_denied("only admins keep the categories");
  if (slug.empty() || slug.size() > 40 ||
      !std::all_of(slug.begin(), slug.end(), [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_'; }))
    throw Error::invalid("slug", "slug must be 1 to 40 lower-case letters, digits, - or _");
  const auto checked_name = text::one_line(name, "name", 60);
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  events::ensure_starter_categories(*c, rt_.now());
  const auto removed = c->query_i64("SELECT COALESCE(removed_at, 0) FROM event_categories WHERE slug = ?", {std::string(slug)});
  if (removed && *removed == 0)
    throw Error::already_exists("a category " + std::string(slug) + " exists already", "slug");
  if (removed)  // a removed category comes back under its new name
    c->exec("UPDATE event_categories SET name = ?, removed_at = NULL WHERE slug = ?", {checked_name, std::string(slug)});
  else
    c->exec("INSERT INTO event_categories (slug, name, created_at) VALUES (?, ?, ?)",
            {std::string(slug), checked_name, rt_.now()});
  tx.commit();
  return {std::string(slug), checked_name, 0};
}

void EventService::remove_category(const Actor& actor, std::string_view slug) {
  if (!actor.is_user()) throw Error::unauthenticated();
  if (!events::policy::can_manage_categories(actor)) throw Error::permission_denied("only admins keep the categories");
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  events::ensure_starter_categories(*c, rt_.now());
  if (c->exec("UPDATE event_categories SET removed_at = ? WHERE slug = ? AND removed_at IS NULL",
              {rt_.now(), std::string(slug)}) == 0)
    throw Error::not_found("no such category");
  c->exec("DELETE FROM event_category_links WHERE slug = ?", {std::string(slug)});
  tx.commit();
}

}  // namespace fitkit
