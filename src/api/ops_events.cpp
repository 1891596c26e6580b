// Operations on events: events.* (the event, its status and link), events.contests.*, the
// catalogue (events.search, events.suggestions) and events.categories.*.
#include "api/cursor.hpp"
#include "api/event_params.hpp"
#include "api/registry.hpp"
#include "api/views.hpp"
#include "events/event_json.hpp"
#include "events/registration_form.hpp"
#include "fitkit/error.hpp"
#include "fitkit/events.hpp"
#include "fitkit/platform.hpp"

namespace fitkit::api {
namespace {

using events::category_json;
using events::contest_json;
using events::event_json;

constexpr std::string_view kEventsSearch = "events.search";

EventService& service(Context& ctx) { return ctx.platform.events(); }

const ParamSpec kContestId{"contest_id", ParamType::id, true, "cst_… id", IdKind::contest};

std::vector<ParamSpec> event_params(bool create) {
  std::vector<ParamSpec> out;
  if (create) {
    out.push_back({"org_id", ParamType::id, false, "organise it for this organisation (org_… id)", IdKind::organisation});
    out.push_back({"organizer_kind", ParamType::string, false, "user (the default) or coach, without org_id", {}, false, 20});
  }
  const auto time = [](const char* name, bool required, const char* help) {
    return ParamSpec{name, ParamType::string, required, help, {}, false, 40};
  };
  const auto text = [](const char* name, const char* help, std::size_t max) {
    return ParamSpec{name, ParamType::string, false, help, {}, false, max};
  };
  out.insert(out.end(),
             {{"title", ParamType::string, create, "the event's title, up to 150 characters", {}, false, 600},
              {"type", ParamType::string, create,
               "race, tournament, match, online_race, class, camp, meetup, challenge or other", {}, false, 40},
              time("starts_at", create, "when it starts, RFC 3339"),
              time("ends_at", create, "when it ends, RFC 3339"),
              {"time_zone", ParamType::string, create, "its IANA time zone, e.g. Europe/Berlin", {}, false, 64},
              {"visibility", ParamType::string, false, "public (in the catalogue, the default) or unlisted (by link)", {}, false, 20},
              text("description", "what it is, up to 20000 characters; \"\" clears it", 80000),
              time("registration_opens_at", false, "when registration opens, RFC 3339; \"\" clears it"),
              time("registration_closes_at", false, "when registration closes, RFC 3339; \"\" clears it"),
              {"online", ParamType::boolean, false, "held online"},
              {"place", ParamType::object, false, "{name, address, latitude, longitude}"},
              {"audience", ParamType::object, false, "who may take part: {genders, min_age, max_age, levels}"},
              {"requirements", ParamType::object, false, "{medical_certificate, equipment}"},
              text("rules", "the rules; \"\" clears them", 40000),
              text("scoring", "the scoring system; \"\" clears it", 40000),
              text("winning_criteria", "how the winners are decided; \"\" clears it", 40000),
              {"schedule", ParamType::array, false, "stages and activities: [{starts_at, ends_at, title, description}]"},
              text("prize_fund", "the prize fund, e.g. \"5000 EUR\"; \"\" clears it", 800),
              {"awards", ParamType::array, false, "[{title, place, category, prize}]"},
              {"categories", ParamType::array, false, "slugs of the category taxonomy (events categories list)"},
              text("currency", "ISO 4217 code of every fee, e.g. EUR; \"\" clears it", 3),
              {"requires_approval", ParamType::boolean, false, "organizers accept each registration"},
              {"refund_percent", ParamType::integer, false, "share of the fee refunded on withdrawal, 0 to 100"},
              time("refund_until", false, "no refund after this time, RFC 3339; \"\" clears it"),
              {"form", ParamType::array, false,
               "the registration form, whole: [{key, label, type, required, options, min, max, help}]; [] removes it"}});
  return out;
}

EventFields event_fields(const Json& p) {
  EventFields f;
  f.org_id = opt_id(p, "org_id", IdKind::organisation);
  f.organizer_kind = opt_str(p, "organizer_kind");
  f.title = opt_str(p, "title");
  f.type = opt_str(p, "type");
  f.starts_at = opt_time(p, "starts_at");
  f.ends_at = opt_time(p, "ends_at");
  f.time_zone = opt_str(p, "time_zone");
  f.visibility = opt_str(p, "visibility");
  f.description = text_change(p, "description");
  f.registration_opens_at = time_change(p, "registration_opens_at");
  f.registration_closes_at = time_change(p, "registration_closes_at");
  f.online = opt_bool(p, "online");
  if (auto it = p.find("place"); it != p.end() && !it->is_null()) f.place = events::place_from(*it);
  if (auto it = p.find("audience"); it != p.end() && !it->is_null()) f.audience = events::audience_from(*it);
  if (auto it = p.find("requirements"); it != p.end() && !it->is_null()) f.requirements = events::requirements_from(*it);
  f.rules = text_change(p, "rules");
  f.scoring = text_change(p, "scoring");
  f.winning_criteria = text_change(p, "winning_criteria");
  if (auto it = p.find("schedule"); it != p.end() && !it->is_null()) f.schedule = events::schedule_from(*it);
  f.prize_fund = text_change(p, "prize_fund");
  if (auto it = p.find("awards"); it != p.end() && !it->is_null()) f.awards = events::awards_from(*it);
  f.categories = opt_string_list(p, "categories");
  f.currency = text_change(p, "currency");
  f.requires_approval = opt_bool(p, "requires_approval");
  if (auto v = opt_int(p, "refund_percent")) {
    if (*v < 0 || *v > 100) throw Error::invalid("refund_percent", "refund_percent must be from 0 to 100");
    f.refund_percent = static_cast<int>(*v);
  }
  f.refund_until = time_change(p, "refund_until");
  if (auto it = p.find("form"); it != p.end() && !it->is_null()) f.form = events::form_from_json(it->dump());
  return f;
}

std::vector<ParamSpec> contest_params(bool create) {
  return {{"name", ParamType::string, create, "its name, e.g. \"10 km\"", {}, false, 400},
          {"sport", ParamType::string, false, "a sport of the list (docs/workouts.md); \"\" clears it", {}, false, 40},
          {"distance_m", ParamType::number, false, "the course's distance in metres; null clears it"},
          {"starts_at", ParamType::string, false, "its start, RFC 3339; \"\" clears it", {}, false, 40},
          {"capacity", ParamType::integer, false, "places; null for no limit"},
          {"fee_minor", ParamType::integer, false, "the fee in minor units (cents) of the event's currency; 0 is free"},
          {"early_fee_minor", ParamType::integer, false, "the early-bird fee; null clears it"},
          {"early_until", ParamType::string, false, "the early-bird fee applies until this time; \"\" clears it", {}, false, 40},
          {"age_fees", ParamType::array, false, "fees by age on the event day: [{min_age, max_age, fee_minor}]"},
          {"result_kind", ParamType::string, false, "time (the default), distance, points or place", {}, false, 20},
          {"categories", ParamType::array, false, "ranking categories: [{code, gender, min_age, max_age}]"},
          {"bib_from", ParamType::integer, false, "first bib number of its range; null clears it"},
          {"bib_to", ParamType::integer, false, "last bib number of its range; null clears it"}};
}

ContestFields contest_fields(const Json& p) {
  ContestFields f;
  f.name = opt_str(p, "name");
  f.sport = text_change(p, "sport");
  if (f.sport && *f.sport && (*f.sport)->empty()) f.sport = std::optional<std::string>();
  f.distance_m = number_change(p, "distance_m");
  f.starts_at = time_change(p, "starts_at");
  f.capacity = integer_change(p, "capacity");
  f.fee_minor = opt_int(p, "fee_minor");
  f.early_fee_minor = integer_change(p, "early_fee_minor");
  f.early_until = time_change(p, "early_until");
  if (auto it = p.find("age_fees"); it != p.end() && !it->is_null()) f.age_fees = events::age_fees_from(*it);
  f.result_kind = opt_str(p, "result_kind");
  if (auto it = p.find("categories"); it != p.end() && !it->is_null()) f.categories = events::categories_from(*it);
  f.bib_from = integer_change(p, "bib_from");
  f.bib_to = integer_change(p, "bib_to");
  return f;
}

Json contest_result(Context& ctx, const Contest& k) {
  const auto event = service(ctx).get(ctx.actor, k.event_id);
  Json out = contest_json(k, event.currency);
  out["event_id"] = format_id(IdKind::event, k.event_id);
  return out;
}

void add_event_core(Registry& r) {
  r.add({"events.create", "Make an event (a draft until published)", HttpMethod::post, "/v1/events", Access::signed_in,
         event_params(true),
         [](Context& ctx, const Json& p) { return event_json(service(ctx).create(ctx.actor, event_fields(p))); }});
  r.add({"events.get", "One event, with its contests", HttpMethod::get, "/v1/events/{event_id}", Access::anyone,
         {kEventId, {"link_token", ParamType::string, false, "the link token of an unlisted event", {}, true, 100}},
         [](Context& ctx, const Json& p) {
           return event_json(service(ctx).get(ctx.actor, id(p, "event_id", IdKind::event), opt_str(p, "link_token").value_or("")));
         }});
  auto update_params = event_params(false);
  update_params.insert(update_params.begin(), kEventId);
  r.add({"events.update", "Change an event: the fields given", HttpMethod::patch, "/v1/events/{event_id}",
         Access::signed_in, update_params, [](Context& ctx, const Json& p) {
           return event_json(service(ctx).update(ctx.actor, id(p, "event_id", IdKind::event), event_fields(p)));
         }});
  r.add({"events.delete", "Delete a draft event", HttpMethod::del, "/v1/events/{event_id}", Access::signed_in,
         {kEventId}, [](Context& ctx, const Json& p) {
           service(ctx).remove(ctx.actor, id(p, "event_id", IdKind::event));
           return Json{{"status", "deleted"}};
         }});
  r.add({"events.archive", "Archive a finished or cancelled event, or bring it back", HttpMethod::post,
         "/v1/events/{event_id}/archive", Access::signed_in,
         {kEventId, {"archived", ParamType::boolean, false, "false brings it back (default true)"}},
         [](Context& ctx, const Json& p) {
           return event_json(
               service(ctx).archive(ctx.actor, id(p, "event_id", IdKind::event), opt_bool(p, "archived").value_or(true)));
         }});
  r.add({"events.status.set",
         "Move an event one step: published, registration_open, in_progress, finished, or cancelled with a reason",
         HttpMethod::post, "/v1/events/{event_id}/status", Access::signed_in,
         {kEventId,
          {"status", ParamType::string, true, "the status to move to", {}, false, 40},
          {"reason", ParamType::string, false, "why, for cancelled (told to participants)", {}, false, 8000}},
         [](Context& ctx, const Json& p) {
           return event_json(service(ctx).set_status(ctx.actor, id(p, "event_id", IdKind::event), str(p, "status"),
                                                     opt_str(p, "reason")));
         }});
  r.add({"events.link.renew", "A new link token: the old link of an unlisted event stops working", HttpMethod::post,
         "/v1/events/{event_id}/link", Access::signed_in, {kEventId}, [](Context& ctx, const Json& p) {
           return event_json(service(ctx).new_link_token(ctx.actor, id(p, "event_id", IdKind::event)));
         }});
  r.add({"events.feature", "Pin an event to the top of the catalogue, or unpin it (admins)", HttpMethod::post,
         "/v1/events/{event_id}/feature", Access::signed_in,
         {kEventId, {"featured", ParamType::boolean, false, "false unpins it (default true)"}},
         [](Context& ctx, const Json& p) {
           return event_json(
               service(ctx).feature(ctx.actor, id(p, "event_id", IdKind::event), opt_bool(p, "featured").value_or(true)));
         }});
}

void add_cover_operations(Registry& r) {
  r.add({"events.cover.set", "Set the event's cover image: PNG, JPEG or WebP, at most 5 MiB", HttpMethod::put,
         "/v1/events/{event_id}/cover", Access::signed_in,
         {kEventId, {"cover", ParamType::file, true, "the image file", {}, false, kPictureMaxBytes}},
         [](Context& ctx, const Json& p) {
           return event_json(service(ctx).set_cover(ctx.actor, id(p, "event_id", IdKind::event), file_bytes(p, "cover")));
         }});
  Operation cover_get{"events.cover.get", "The event's cover image, as the image file", HttpMethod::get,
                      "/v1/events/{event_id}/cover", Access::anyone,
                      {kEventId, {"link_token", ParamType::string, false, "the link token of an unlisted event", {}, true, 100}},
                      [](Context& ctx, const Json& p) {
                        const auto event_id = id(p, "event_id", IdKind::event);
                        const auto cover =
                            service(ctx).cover(ctx.actor, event_id, opt_str(p, "link_token").value_or(""));
                        return picture_result(format_id(IdKind::event, event_id) + "-cover", cover.content_type,
                                              cover.bytes);
                      }};
  cover_get.returns_file = true;
  r.add(std::move(cover_get));
  r.add({"events.cover.delete", "Remove the event's cover image", HttpMethod::del, "/v1/events/{event_id}/cover",
         Access::signed_in, {kEventId}, [](Context& ctx, const Json& p) {
           return event_json(service(ctx).delete_cover(ctx.actor, id(p, "event_id", IdKind::event)));
         }});
}

void add_contest_operations(Registry& r) {
  auto add_params = contest_params(true);
  add_params.insert(add_params.begin(), kEventId);
  r.add({"events.contests.add", "Add a contest to an event (the 10 km of a race day)", HttpMethod::post,
         "/v1/events/{event_id}/contests", Access::signed_in, add_params, [](Context& ctx, const Json& p) {
           return contest_result(ctx, service(ctx).add_contest(ctx.actor, id(p, "event_id", IdKind::event), contest_fields(p)));
         }});
  auto update_params = contest_params(false);
  update_params.insert(update_params.begin(), kContestId);
  r.add({"events.contests.update", "Change a contest: the fields given", HttpMethod::patch, "/v1/contests/{contest_id}",
         Access::signed_in, update_params, [](Context& ctx, const Json& p) {
           return contest_result(
               ctx, service(ctx).update_contest(ctx.actor, id(p, "contest_id", IdKind::contest), contest_fields(p)));
         }});
  r.add({"events.contests.delete", "Delete a contest nobody is registered for", HttpMethod::del,
         "/v1/contests/{contest_id}", Access::signed_in, {kContestId}, [](Context& ctx, const Json& p) {
           service(ctx).remove_contest(ctx.actor, id(p, "contest_id", IdKind::contest));
           return Json{{"status", "deleted"}};
         }});
}

void add_catalogue_operations(Registry& r) {
  r.add({"events.search", "The catalogue: events by date, popularity, relevance or distance, featured first",
         HttpMethod::get, "/v1/events", Access::anyone,
         paging_params({{"search", ParamType::string, false, "words of the title, description or organizer", {}, false, 800},
                        {"type", ParamType::string, false, "only this type", {}, false, 40},
                        {"category", ParamType::string, false, "only this category (a slug)", {}, false, 40},
                        {"from", ParamType::string, false, "starting at or after, RFC 3339", {}, false, 40},
                        {"to", ParamType::string, false, "starting before, RFC 3339", {}, false, 40},
                        {"online", ParamType::boolean, false, "true: online only; false: in a place only"},
                        {"near_latitude", ParamType::number, false, "search around this point"},
                        {"near_longitude", ParamType::number, false, "search around this point"},
                        {"radius_km", ParamType::number, false, "within this distance of the point"},
                        {"org_id", ParamType::id, false, "only this organisation's", IdKind::organisation},
                        {"managed", ParamType::boolean, false, "only events you organise, drafts included"},
                        {"archived", ParamType::boolean, false, "archived events instead"},
                        {"sort", ParamType::string, false, "date (default), popularity, relevance or distance", {}, false, 20}}),
         [](Context& ctx, const Json& p) {
           EventQuery q;
           q.search = opt_str(p, "search");
           q.type = opt_str(p, "type");
           q.category = opt_str(p, "category");
           q.from = opt_time(p, "from");
           q.to = opt_time(p, "to");
           q.online = opt_bool(p, "online");
           q.near_latitude = opt_num(p, "near_latitude");
           q.near_longitude = opt_num(p, "near_longitude");
           q.radius_km = opt_num(p, "radius_km");
           q.org_id = opt_id(p, "org_id", IdKind::organisation);
           q.managed = opt_bool(p, "managed").value_or(false);
           q.archived = opt_bool(p, "archived").value_or(false);
           q.sort = opt_str(p, "sort").value_or("date");
           const auto page = page_request(p);
           if (page.cursor) {
             CursorReader cursor(kEventsSearch, *page.cursor);
             q.offset = cursor.integer();
             cursor.finish();
           }
           q.limit = page.limit;
           const auto next = q.offset + q.limit;
           return page_json(service(ctx).search(ctx.actor, q), [](const Event& e) { return event_json(e, false); },
                            [next](const Event&) { return CursorWriter(kEventsSearch).integer(next).finish(); });
         },
         "items"});
  r.add({"events.suggestions", "Upcoming events for you, each with why", HttpMethod::get, "/v1/me/event-suggestions",
         Access::signed_in, {{"limit", ParamType::integer, false, "how many, 1 to 50 (default 10)"}},
         [](Context& ctx, const Json& p) {
           Json items = Json::array();
           for (const auto& s : service(ctx).suggestions(ctx.actor, static_cast<int>(opt_int(p, "limit").value_or(10)))) {
             Json item = event_json(s.event, false);
             item["reason"] = s.reason;
             items.push_back(std::move(item));
           }
           return Json{{"suggestions", std::move(items)}};
         },
         "suggestions"});
  r.add({"events.categories.list", "The categories of events, with how many are in the catalogue", HttpMethod::get,
         "/v1/event-categories", Access::anyone, {}, [](Context& ctx, const Json&) {
           Json items = Json::array();
           for (const auto& c : service(ctx).categories()) items.push_back(category_json(c));
           return Json{{"categories", std::move(items)}};
         },
         "categories"});
  r.add({"events.categories.add", "Add a category of events (admins)", HttpMethod::post, "/v1/event-categories",
         Access::signed_in,
         {{"slug", ParamType::string, true, "its key: lower-case letters, digits, - and _", {}, false, 40},
          {"name", ParamType::string, true, "its name, up to 60 characters", {}, false, 240}},
         [](Context& ctx, const Json& p) {
           return category_json(service(ctx).add_category(ctx.actor, str(p, "slug"), str(p, "name")));
         }});
  r.add({"events.categories.delete", "Delete a category of events (admins)", HttpMethod::del,
         "/v1/event-categories/{slug}", Access::signed_in,
         {{"slug", ParamType::string, true, "the category's slug", {}, false, 40}}, [](Context& ctx, const Json& p) {
           service(ctx).remove_category(ctx.actor, str(p, "slug"));
           return Json{{"status", "deleted"}};
         }});
}

}  // namespace

void add_event_operations(Registry& r) {
  add_event_core(r);
  add_cover_operations(r);
  add_contest_operations(r);
  add_catalogue_operations(r);
}

}  // namespace fitkit::api
