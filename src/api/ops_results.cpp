// Operations of results: events.results.* (by hand, imports, publishing, exports),
// events.leaderboard, events.leaderboard.teams, events.entries.export and events.mine.
#include "api/cursor.hpp"
#include "api/event_params.hpp"
#include "api/registry.hpp"
#include "api/views.hpp"
#include "events/result_json.hpp"
#include "fitkit/error.hpp"
#include "fitkit/platform.hpp"
#include "fitkit/results.hpp"

namespace fitkit::api {
namespace {

constexpr std::string_view kLeaderboard = "events.leaderboard";
// A results file: 100,000 rows of CSV or IOF XML with room to spare.
constexpr std::size_t kMaxResultsFile = 64 * 1024 * 1024;

ResultService& service(Context& ctx) { return ctx.platform.results(); }

const ParamSpec kContestId{"contest_id", ParamType::id, false, "the contest (cst_… id); default: the event's only one",
                           IdKind::contest};


std::vector<ParamSpec> board_params() {
  return {kEventId, kContestId,
          {"category", ParamType::string, false, "a ranking category's code (M35)", {}, false, 40},
          {"gender", ParamType::string, false, "female, male or other", {}, false, 10},
          {"link_token", ParamType::string, false, "the link token of an unlisted event", {}, true, 100}};
}

LeaderboardQuery board_query(const Json& p) {
  LeaderboardQuery q;
  q.contest_id = opt_id(p, "contest_id", IdKind::contest);
  q.category = opt_str(p, "category");
  q.gender = opt_str(p, "gender");
  q.link_token = opt_str(p, "link_token").value_or("");
  return q;
}

Json board_json(const Leaderboard& b) {
  auto page = page_json(b.page, events::standing_json,
                        [](const Standing& s) {
                          return CursorWriter(kLeaderboard).integer(s.position).finish();
                        });
  Json out{{"event_id", format_id(IdKind::event, b.event_id)},
           {"contest_id", format_id(IdKind::contest, b.contest_id)},
           {"ranking", b.ranking},
           {"result_kind", b.result_kind},
           {"official", b.official}};
  out.update(page);
  return out;
}

}  // namespace

void add_result_operations(Registry& r) {
  r.add({"events.results.set",
         "A participant's result by hand, replacing any (organizers; once the event is under way)", HttpMethod::put,
         "/v1/registrations/{registration_id}/result", Access::signed_in,
         {kRegistrationId,
          {"status", ParamType::string, false, "OK (the default), DNS, DNF, DSQ or an IOF result status", {}, false, 40},
          {"value", ParamType::string, false, "the time (41:20.5), distance in metres, points or place", {}, false, 40}},
         [](Context& ctx, const Json& p) {
           const auto result = service(ctx).set(ctx.actor, id(p, "registration_id", IdKind::registration),
                                                {opt_str(p, "status").value_or("OK"), opt_str(p, "value")});
           return events::result_json(result);
         }});
  r.add({"events.results.remove", "Remove a participant's result (organizers)", HttpMethod::del,
         "/v1/registrations/{registration_id}/result", Access::signed_in, {kRegistrationId},
         [](Context& ctx, const Json& p) {
           service(ctx).remove(ctx.actor, id(p, "registration_id", IdKind::registration));
           return Json{{"status", "deleted"}};
         }});
  Operation import_op{
         "events.results.import",
         "Import results from CSV or an IOF XML 3.0 ResultList: a dry run reports what would change; otherwise "
         "all is applied in one transaction (organizers)",
         HttpMethod::post, "/v1/events/{event_id}/results/import", Access::signed_in,
         {kEventId,
          {"file", ParamType::file, true, "the results file: CSV or IOF XML", {}, false, kMaxResultsFile},
          kContestId,
          {"mapping", ParamType::string, false, "CSV columns by field: \"bib=Start No,time=Chip Time\"", {}, false, 2000},
          {"race", ParamType::integer, false, "IOF: the race of a multi-race file (default 1)"},
          {"dry_run", ParamType::boolean, false, "report what would change and change nothing"},
          {"skip_unmatched", ParamType::boolean, false, "apply although some rows match no participant"}},
         [](Context& ctx, const Json& p) {
           ResultImport import;
           import.file = file_bytes_or_local(ctx, p, "file", kMaxResultsFile);
           import.contest_id = opt_id(p, "contest_id", IdKind::contest);
           import.mapping = opt_str(p, "mapping");
           import.dry_run = opt_bool(p, "dry_run").value_or(false);
           import.skip_unmatched = opt_bool(p, "skip_unmatched").value_or(false);
           if (auto race = opt_int(p, "race")) {
             if (*race < 1 || *race > 1000) throw Error::invalid("race", "race must be from 1 to 1000");
             import.race = static_cast<int>(*race);
           }
           return events::import_report_json(service(ctx).import(ctx.actor, event_id(p), import));
         }};
  // fitctl names the file, read from disk, instead of sending its bytes in base64.
  import_op.streams_local_files = true;
  r.add(std::move(import_op));
  r.add({"events.results.from_workouts",
         "Take results from participants' tracked workouts of the contest's sport inside the event's window "
         "(organizers of online events)",
         HttpMethod::post, "/v1/events/{event_id}/results/from-workouts", Access::signed_in,
         {kEventId, kContestId, {"dry_run", ParamType::boolean, false, "report what would change and change nothing"}},
         [](Context& ctx, const Json& p) {
           return events::import_report_json(service(ctx).import_workouts(
               ctx.actor, event_id(p), opt_id(p, "contest_id", IdKind::contest), opt_bool(p, "dry_run").value_or(false)));
         }});
  r.add({"events.results.publish",
         "Publish the results as official (participants are told), or make them provisional again (organizers)",
         HttpMethod::post, "/v1/events/{event_id}/results/publish", Access::signed_in,
         {kEventId, {"published", ParamType::boolean, false, "true (the default) publishes, false withdraws"}},
         [](Context& ctx, const Json& p) {
           const bool published = opt_bool(p, "published").value_or(true);
           service(ctx).publish(ctx.actor, event_id(p), published);
           return Json{{"event_id", str(p, "event_id")}, {"official", published}};
         }});
  r.add({"events.leaderboard",
         "A contest's leaderboard, live: overall, of a gender or of a ranking category, a page at a time",
         HttpMethod::get, "/v1/events/{event_id}/leaderboard", Access::anyone, paging_params(board_params()),
         [](Context& ctx, const Json& p) {
           auto q = board_query(p);
           const auto page = page_request(p);
           if (page.cursor) {
             CursorReader reader(kLeaderboard, *page.cursor);
             q.after_position = reader.integer();
             reader.finish();
           }
           q.limit = page.limit;
           return board_json(service(ctx).leaderboard(ctx.actor, event_id(p), q));
         },
         "items"});
  r.add({"events.leaderboard.teams", "A contest's team ranking: each team's best N results summed", HttpMethod::get,
         "/v1/events/{event_id}/leaderboard/teams", Access::anyone,
         {kEventId, kContestId, {"best_n", ParamType::integer, false, "how many results of a team count (default 3)"}},
         [](Context& ctx, const Json& p) {
           return events::team_leaderboard_json(service(ctx).teams(
               ctx.actor, event_id(p), opt_id(p, "contest_id", IdKind::contest),
               static_cast<int>(opt_int(p, "best_n").value_or(3))));
         },
         "teams"});
  r.add(file_operation({"events.results.export",
                        "A leaderboard as CSV or Excel, or every contest (or one) as an IOF XML 3.0 ResultList",
                        HttpMethod::get, "/v1/events/{event_id}/results/export", Access::anyone,
                        [] {
                          auto params = board_params();
                          params.push_back(
                              {"format", ParamType::string, false, "csv (the default), xlsx or iof", {}, false, 8});
                          return params;
                        }(),
                        [](Context& ctx, const Json& p) {
                          const auto f = service(ctx).export_results(ctx.actor, event_id(p), board_query(p),
                                                                     opt_str(p, "format").value_or("csv"));
                          return file_result(f.file_name, f.content_type, f.bytes);
                        }}));
  r.add(file_operation({"events.entries.export",
                        "The participants as an IOF XML 3.0 EntryList or StartList, for timing systems (organizers)",
                        HttpMethod::get, "/v1/events/{event_id}/entries/export", Access::signed_in,
                        {kEventId,
                         {"list", ParamType::string, false, "entries (the default) or starts", {}, false, 10}},
                        [](Context& ctx, const Json& p) {
                          const auto f = service(ctx).export_entries(ctx.actor, event_id(p),
                                                                     opt_str(p, "list").value_or("entries"));
                          return file_result(f.file_name, f.content_type, f.bytes);
                        }}));
  const auto award_list = [](const std::vector<AwardGiven>& awards) {
    Json items = Json::array();
    for (const auto& a : awards) items.push_back(events::award_json(a));
    return Json{{"awards", std::move(items)}};
  };
  r.add({"events.awards.list", "The awards given in an event: the winners of each place, and awards by hand",
         HttpMethod::get, "/v1/events/{event_id}/awards", Access::anyone,
         {kEventId, {"link_token", ParamType::string, false, "the link token of an unlisted event", {}, true, 100}},
         [award_list](Context& ctx, const Json& p) {
           return award_list(service(ctx).awards(ctx.actor, event_id(p), opt_str(p, "link_token").value_or("")));
         },
         "awards"});
  r.add({"events.awards.give", "Give a participant an award by hand: best newcomer (organizers)", HttpMethod::post,
         "/v1/registrations/{registration_id}/awards", Access::signed_in,
         {kRegistrationId,
          {"title", ParamType::string, true, "the award", {}, false, 800},
          {"prize", ParamType::string, false, "what goes with it", {}, false, 800}},
         [](Context& ctx, const Json& p) {
           return events::award_json(
               service(ctx).give_award(ctx.actor, registration_id(p), str(p, "title"), opt_str(p, "prize")));
         }});
  r.add({"events.awards.take_back", "Take back a participant's award (organizers)", HttpMethod::post,
         "/v1/registrations/{registration_id}/awards/take-back", Access::signed_in,
         {kRegistrationId, {"title", ParamType::string, true, "the award", {}, false, 800}},
         [](Context& ctx, const Json& p) {
           service(ctx).take_back_award(ctx.actor, registration_id(p), str(p, "title"));
           return Json{{"status", "deleted"}};
         }});
  r.add({"users.awards.list", "A user's collection of awards, newest first, if their profile is visible to you",
         HttpMethod::get, "/v1/users/{user_id}/awards", Access::anyone,
         {{"user_id", ParamType::id, true, "usr_… id", IdKind::user}},
         [award_list](Context& ctx, const Json& p) {
           return award_list(service(ctx).user_awards(ctx.actor, id(p, "user_id", IdKind::user)));
         },
         "awards"});
  r.add({"events.mine", "Your events: upcoming, current or finished, with your result and place", HttpMethod::get,
         "/v1/me/events", Access::signed_in,
         {{"when", ParamType::string, false, "upcoming (the default), current or finished", {}, false, 10}},
         [](Context& ctx, const Json& p) {
           Json items = Json::array();
           for (const auto& m : service(ctx).my_events(ctx.actor, opt_str(p, "when").value_or("upcoming")))
             items.push_back(events::my_event_json(m));
           return Json{{"events", std::move(items)}};
         },
         "events"});
}

}  // namespace fitkit::api
