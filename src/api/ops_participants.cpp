// Operations of the organizers' panel: events.participants.* (list, add, move, remove, status,
// export).
#include "api/cursor.hpp"
#include "api/event_params.hpp"
#include "api/registry.hpp"
#include "api/views.hpp"
#include "events/registration_json.hpp"
#include "fitkit/participants.hpp"
#include "fitkit/platform.hpp"

namespace fitkit::api {
namespace {

using events::registration_json;

constexpr std::string_view kList = "events.participants.list";

ParticipantService& service(Context& ctx) { return ctx.platform.participants(); }



std::vector<ParamSpec> filter_params() {
  return {{"status", ParamType::string, false, "only this status (docs/registration.md: the statuses)", {}, false, 40},
          {"contest_id", ParamType::id, false, "only this contest (cst_… id)", IdKind::contest},
          {"query", ParamType::string, false, "words of the name, club, team or email, or a bib number", {}, false, 400}};
}

ParticipantFilter filter_of(const Json& p) {
  return {opt_str(p, "status"), opt_id(p, "contest_id", IdKind::contest), opt_str(p, "query")};
}

NewParticipant new_participant(const Json& p) {
  NewParticipant n;
  n.fields.contest_id = id(p, "contest_id", IdKind::contest);
  n.fields.given_name = opt_str(p, "given_name");
  n.fields.family_name = opt_str(p, "family_name");
  n.fields.email = opt_str(p, "email");
  n.fields.phone = opt_str(p, "phone");
  n.fields.birth_date = opt_str(p, "birth_date");
  n.fields.gender = opt_str(p, "gender");
  n.fields.level = opt_str(p, "level");
  n.fields.club = opt_str(p, "club");
  n.fields.team = opt_str(p, "team");
  if (auto it = p.find("answers"); it != p.end() && !it->is_null()) n.fields.answers_json = it->dump();
  n.user_id = opt_id(p, "user_id", IdKind::user);
  n.bib = opt_int(p, "bib");
  return n;
}

}  // namespace

void add_participant_operations(Registry& r) {
  const auto text = [](const char* name, const char* help) {
    return ParamSpec{name, ParamType::string, false, help, {}, false, 400};
  };
  r.add({"events.participants.list",
         "The event's participants in the order they registered, with contacts and answers (organizers)",
         HttpMethod::get, "/v1/events/{event_id}/participants", Access::signed_in,
         paging_params([&] {
           auto params = filter_params();
           params.insert(params.begin(), kEventId);
           return params;
         }()),
         [](Context& ctx, const Json& p) {
           const auto page = page_request(p);
           return page_json(service(ctx).list(ctx.actor, id(p, "event_id", IdKind::event), filter_of(p),
                                              id_position(kList, page.cursor), page.limit),
                            registration_json, [](const EventRegistration& g) { return id_cursor(kList, g.id); });
         },
         "items"});
  r.add({"events.participants.add",
         "Add a participant to a contest, confirmed at once: a user (their profile fills the blanks) or a person "
         "without an account (organizers)",
         HttpMethod::post, "/v1/events/{event_id}/participants", Access::signed_in,
         {kEventId,
          {"contest_id", ParamType::id, true, "the contest (cst_… id)", IdKind::contest},
          {"user_id", ParamType::id, false, "the user, if they have an account (usr_… id)", IdKind::user},
          text("given_name", "given name; default: the user's profile"),
          text("family_name", "family name; default: the user's profile"),
          text("email", "contact address"),
          text("phone", "contact phone, E.164"),
          text("birth_date", "YYYY-MM-DD"),
          text("gender", "female, male or other"),
          text("level", "beginner, amateur or professional"),
          text("club", "club"),
          text("team", "team, for team rankings"),
          {"bib", ParamType::integer, false, "a bib number"},
          {"answers", ParamType::object, false, "answers to the event's form (required ones may be left out)"}},
         [](Context& ctx, const Json& p) {
           return registration_json(service(ctx).add(ctx.actor, id(p, "event_id", IdKind::event), new_participant(p)));
         }});
  r.add({"events.participants.move",
         "Move a participant to another contest of the event; their old place passes to its waitlist (organizers)",
         HttpMethod::post, "/v1/registrations/{registration_id}/move", Access::signed_in,
         {kRegistrationId, {"contest_id", ParamType::id, true, "the contest to move to (cst_… id)", IdKind::contest}},
         [](Context& ctx, const Json& p) {
           return registration_json(
               service(ctx).move(ctx.actor, registration_id(p), id(p, "contest_id", IdKind::contest)));
         }});
  r.add({"events.participants.remove",
         "Remove a participant, with the reason told to them; what they paid is refunded unless refund is false "
         "(organizers)",
         HttpMethod::post, "/v1/registrations/{registration_id}/remove", Access::signed_in,
         {kRegistrationId,
          {"reason", ParamType::string, true, "why", {}, false, 2000},
          {"refund", ParamType::boolean, false, "refund what they paid in full (default true)"}},
         [](Context& ctx, const Json& p) {
           return registration_json(service(ctx).remove(ctx.actor, registration_id(p), str(p, "reason"),
                                                        opt_bool(p, "refund").value_or(true)));
         }});
  r.add({"events.participants.status",
         "Set a participant's status by hand: confirmed, checked_in, finished, dns, dnf or dsq, with a reason "
         "(organizers)",
         HttpMethod::put, "/v1/registrations/{registration_id}/status", Access::signed_in,
         {kRegistrationId,
          {"status", ParamType::string, true, "confirmed, checked_in, finished, dns, dnf or dsq", {}, false, 40},
          {"reason", ParamType::string, false, "why; required for dsq, told to the participant", {}, false, 2000}},
         [](Context& ctx, const Json& p) {
           return registration_json(
               service(ctx).set_status(ctx.actor, registration_id(p), str(p, "status"), opt_str(p, "reason")));
         }});
  Operation export_op{
      "events.participants.export",
      "The participants as CSV or Excel with the chosen columns, filtered as the list is (organizers)",
      HttpMethod::get, "/v1/events/{event_id}/participants/export", Access::signed_in,
      [&] {
        auto params = filter_params();
        params.insert(params.begin(), kEventId);
        params.push_back({"format", ParamType::string, false, "csv (the default) or xlsx", {}, false, 8});
        params.push_back({"columns", ParamType::array, false,
                          "the columns in their order (docs/participants.md); default: id, contest, status, bib, "
                          "names, gender, birth_date, club, team, email, phone"});
        return params;
      }(),
      [](Context& ctx, const Json& p) {
        const auto file =
            service(ctx).export_list(ctx.actor, id(p, "event_id", IdKind::event), filter_of(p),
                                     opt_string_list(p, "columns").value_or(std::vector<std::string>{}),
                                     opt_str(p, "format").value_or("csv"));
        return file_result(file.file_name, file.content_type, file.bytes);
      }};
  export_op.returns_file = true;
  r.add(std::move(export_op));
}

}  // namespace fitkit::api
