// Operations of messages around an event: events.announcements.*, events.questions.*, and the
// reminders' sweep.
#include "api/cursor.hpp"
#include "api/event_params.hpp"
#include "api/registry.hpp"
#include "api/views.hpp"
#include "events/event_message_json.hpp"
#include "fitkit/error.hpp"
#include "fitkit/event_messages.hpp"
#include "fitkit/platform.hpp"

namespace fitkit::api {
namespace {

using events::announcement_json;
using events::question_json;

constexpr std::string_view kAnnouncements = "events.announcements.list", kQuestions = "events.questions.list";

EventMessageService& service(Context& ctx) { return ctx.platform.event_messages(); }

const ParamSpec kQuestionId{"question_id", ParamType::id, true, "evq_… id", IdKind::event_question};

std::int64_t question_id(const Json& p) { return id(p, "question_id", IdKind::event_question); }

}  // namespace

void add_event_message_operations(Registry& r) {
  const auto text = [](const char* name, const char* help) {
    return ParamSpec{name, ParamType::string, true, help, {}, false, 4 * kEventMessageMaxChars};
  };
  r.add({"events.announcements.create",
         "Tell the event's participants (of one contest, if given) in-app and by mail (organizers)", HttpMethod::post,
         "/v1/events/{event_id}/announcements", Access::signed_in,
         {kEventId,
          {"title", ParamType::string, true, "the subject", {}, false, 800},
          text("body", "the message"),
          {"contest_id", ParamType::id, false, "only this contest's participants (cst_… id)", IdKind::contest}},
         [](Context& ctx, const Json& p) {
           return announcement_json(service(ctx).announce(ctx.actor, event_id(p), str(p, "title"), str(p, "body"),
                                                          opt_id(p, "contest_id", IdKind::contest)));
         }});
  r.add({"events.announcements.list", "The event's announcements, newest first (its participants and organizers)",
         HttpMethod::get, "/v1/events/{event_id}/announcements", Access::signed_in, paging_params({kEventId}),
         [](Context& ctx, const Json& p) {
           const auto page = page_request(p);
           return page_json(
               service(ctx).announcements(ctx.actor, event_id(p), id_position(kAnnouncements, page.cursor), page.limit),
               announcement_json, [](const EventAnnouncement& a) { return id_cursor(kAnnouncements, a.id); });
         },
         "items"});
  r.add({"events.questions.ask", "Ask the event's organizers a question (its participants)", HttpMethod::post,
         "/v1/events/{event_id}/questions", Access::signed_in, {kEventId, text("body", "the question")},
         [](Context& ctx, const Json& p) {
           return question_json(service(ctx).ask(ctx.actor, event_id(p), str(p, "body")));
         }});
  r.add({"events.questions.list", "The event's questions and answers, oldest first (its participants and organizers)",
         HttpMethod::get, "/v1/events/{event_id}/questions", Access::signed_in, paging_params({kEventId}),
         [](Context& ctx, const Json& p) {
           const auto page = page_request(p);
           return page_json(
               service(ctx).questions(ctx.actor, event_id(p), id_position(kQuestions, page.cursor), page.limit),
               question_json, [](const EventQuestion& q) { return id_cursor(kQuestions, q.id); });
         },
         "items"});
  r.add({"events.questions.answer", "Answer a question, or change the answer (organizers); the asker is told",
         HttpMethod::post, "/v1/event-questions/{question_id}/answer", Access::signed_in,
         {kQuestionId, text("answer", "the answer")}, [](Context& ctx, const Json& p) {
           return question_json(service(ctx).answer(ctx.actor, question_id(p), str(p, "answer")));
         }});
  r.add({"events.questions.remove", "Remove a question (its asker or the organizers)", HttpMethod::del,
         "/v1/event-questions/{question_id}", Access::signed_in, {kQuestionId}, [](Context& ctx, const Json& p) {
           service(ctx).remove_question(ctx.actor, question_id(p));
           return Json{{"status", "deleted"}};
         }});
  r.add({"events.reminders.send", "Send the reminders before events' starts that are due (admins; also runs by itself)",
         HttpMethod::post, "/v1/admin/event-reminders/send", Access::signed_in, {}, [](Context& ctx, const Json&) {
           if (!ctx.actor.has_role(Role::admin)) throw Error::permission_denied("only admins may do this");
           return Json{{"events_reminded", service(ctx).send_due_reminders()}};
         }});
}

}  // namespace fitkit::api
