// Announcements to an event's participants and its question and answer thread.
#include <nlohmann/json.hpp>

#include "core/runtime.hpp"
#include "core/text_rules.hpp"
#include "events/event_notices.hpp"
#include "events/event_store.hpp"
#include "events/events_policy.hpp"
#include "events/registration_rules.hpp"
#include "events/registration_store.hpp"
#include "fitkit/error.hpp"
#include "fitkit/event_messages.hpp"
#include "notify/notify.hpp"

namespace fitkit {
namespace {

namespace policy = events::policy;

// The event as seen by the actor and what they may do with its messages: not_found when they
// may not see it, permission_denied when they see it but neither manage it nor take part.
struct MessageAccess {
  Event event;
  policy::EventFacts facts;
};
MessageAccess message_access(storage::Connection& c, const Actor& actor, std::int64_t event_id) {
  if (!actor.is_user()) throw Error::unauthenticated();
  const auto event = events::visible_event(c, actor, event_id);
  auto facts = events::facts_of(c, actor, event);
  if (!policy::can_read_event_messages(actor, facts))
    throw Error::permission_denied("only the event's participants and organizers see its messages");
  return {event, std::move(facts)};
}

constexpr const char* kAnnouncementColumns = "id, event_id, author_id, title, body, contest_id, recipients, created_at";
EventAnnouncement read_announcement(const storage::Row& r) {
  return {r.i64(0), r.i64(1), r.opt_i64(2), r.text(3), r.text(4), r.opt_i64(5), r.i64(6), r.i64(7)};
}

constexpr const char* kQuestionColumns =
    "q.id, q.event_id, q.asker_id, COALESCE(NULLIF(TRIM(COALESCE(p.first_name, '') || ' ' || COALESCE(p.last_name, '')),"
    " ''), p.nickname, ''), q.body, q.answer, q.answered_by, q.answered_at, q.created_at";
constexpr const char* kQuestionFrom =
    " FROM event_questions q LEFT JOIN profiles p ON p.user_id = q.asker_id";
EventQuestion read_question(const storage::Row& r) {
  return {r.i64(0), r.i64(1), r.opt_i64(2), r.text(3), r.text(4), r.opt_text(5), r.opt_i64(6), r.opt_i64(7), r.i64(8)};
}

std::optional<EventQuestion> find_question(storage::Connection& c, std::int64_t question_id) {
  std::optional<EventQuestion> out;
  c.query(std::string("SELECT ") + kQuestionColumns + kQuestionFrom + " WHERE q.id = ?", {question_id},
          [&](const storage::Row& r) { out = read_question(r); });
  return out;
}

// The users who manage the event: its owner, and its organisation's owners, admins and organizers.
std::vector<std::int64_t> manager_ids(storage::Connection& c, const Event& event) {
  std::vector<std::int64_t> out{event.owner_id};
  if (event.org_id)
    c.query(std::string("SELECT user_id FROM organisation_members WHERE org_id = ? AND role IN (") +
                policy::kOrganisingRolesSql + ") AND user_id <> ? ORDER BY user_id",
            {*event.org_id, event.owner_id}, [&](const storage::Row& r) { out.push_back(r.i64(0)); });
  return out;
}

void tell_user(Runtime& rt, storage::Connection& c, std::int64_t user_id, const Event& event,
               std::string_view template_name, notify::Vars vars, std::int64_t question_id) {
  notify::Event n;
  n.user_id = user_id;
  n.category = "events";
  n.template_name = std::string(template_name);
  n.vars = std::move(vars);
  n.vars["event"] = event.title;
  n.data_json = nlohmann::json{{"event_id", format_id(IdKind::event, event.id)},
                               {"question_id", format_id(IdKind::event_question, question_id)}}
                    .dump();
  notify::notify_user(rt, c, n);
}

std::string message_text(std::string_view text, std::string_view field) {
  auto out = text::free_text(text, field, kEventMessageMaxChars);
  if (out.empty()) throw Error::invalid(std::string(field), std::string(field) + " must not be empty");
  return out;
}

}  // namespace

EventAnnouncement EventMessageService::announce(const Actor& actor, std::int64_t event_id, std::string_view title,
                                                std::string_view body, std::optional<std::int64_t> contest_id) {
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  const auto event = events::managed_event(*c, actor, event_id);
  if (contest_id) events::contest_in(event, *contest_id);
  EventAnnouncement a;
  a.id = rt_.next_id();
  a.event_id = event_id;
  a.author_id = actor.user_id;
  a.title = text::one_line(title, "title", 200);
  a.body = message_text(body, "body");
  a.contest_id = contest_id;
  a.created_at = rt_.now();
  a.recipients = events::tell_participants(rt_, *c, event_id, contest_id ? "contest_id = ?" : "",
                                           contest_id ? std::vector<storage::Param>{*contest_id}
                                                      : std::vector<storage::Param>{},
                                           "event_announcement", {{"title", a.title}, {"body", a.body}});
  c->exec("INSERT INTO event_announcements (id, event_id, author_id, contest_id, title, body, recipients, created_at)"
          " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          {a.id, event_id, a.author_id, a.contest_id, a.title, a.body, a.recipients, a.created_at});
  tx.commit();
  return a;
}

Page<EventAnnouncement> EventMessageService::announcements(const Actor& actor, std::int64_t event_id,
                                                           std::optional<std::int64_t> before_id, int limit) {
  check_page_limit(limit);
  auto c = rt_.db->acquire();
  message_access(*c, actor, event_id);
  std::vector<EventAnnouncement> rows;
  c->query(std::string("SELECT ") + kAnnouncementColumns +
               " FROM event_announcements WHERE event_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
           {event_id, before_id.value_or(INT64_MAX), limit + 1},
           [&](const storage::Row& r) { rows.push_back(read_announcement(r)); });
  return Page<EventAnnouncement>::from_rows(std::move(rows), limit);
}

EventQuestion EventMessageService::ask(const Actor& actor, std::int64_t event_id, std::string_view body) {
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  const auto access = message_access(*c, actor, event_id);
  if (!policy::can_ask_question(actor, access.facts))
    throw Error::permission_denied("only the event's participants and organizers ask questions");
  const auto text = message_text(body, "body");
  const auto id = rt_.next_id();
  c->exec("INSERT INTO event_questions (id, event_id, asker_id, body, created_at) VALUES (?, ?, ?, ?, ?)",
          {id, event_id, actor.user_id, text, rt_.now()});
  for (auto manager : manager_ids(*c, access.event))
    if (manager != actor.user_id) tell_user(rt_, *c, manager, access.event, "event_question", {{"question", text}}, id);
  auto out = *find_question(*c, id);
  tx.commit();
  return out;
}

EventQuestion EventMessageService::answer(const Actor& actor, std::int64_t question_id, std::string_view answer) {
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  const auto q = find_question(*c, question_id);
  if (!q) throw Error::not_found("no such question");
  const auto access = message_access(*c, actor, q->event_id);
  if (!policy::can_manage_event(actor, access.facts))
    throw Error::permission_denied("only the event's organizers answer questions");
  const auto text = message_text(answer, "answer");
  c->exec("UPDATE event_questions SET answer = ?, answered_by = ?, answered_at = ? WHERE id = ?",
          {text, actor.user_id, rt_.now(), question_id});
  if (q->asker_id && *q->asker_id != actor.user_id)
    tell_user(rt_, *c, *q->asker_id, access.event, "event_answer", {{"question", q->body}, {"answer", text}},
              question_id);
  auto out = *find_question(*c, question_id);
  tx.commit();
  return out;
}

Page<EventQuestion> EventMessageService::questions(const Actor& actor, std::int64_t event_id,
                                                   std::optional<std::int64_t> after_id, int limit) {
  check_page_limit(limit);
  auto c = rt_.db->acquire();
  message_access(*c, actor, event_id);
  std::vector<EventQuestion> rows;
  c->query(std::string("SELECT ") + kQuestionColumns + kQuestionFrom +
               " WHERE q.event_id = ? AND q.id > ? ORDER BY q.id LIMIT ?",
           {event_id, after_id.value_or(0), limit + 1}, [&](const storage::Row& r) { rows.push_back(read_question(r)); });
  return Page<EventQuestion>::from_rows(std::move(rows), limit);
}

void EventMessageService::remove_question(const Actor& actor, std::int64_t question_id) {
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  const auto q = find_question(*c, question_id);
  if (!q) throw Error::not_found("no such question");
  const auto access = message_access(*c, actor, q->event_id);
  if (!policy::can_remove_question(actor, access.facts, q->asker_id))
    throw Error::permission_denied("only the asker and the event's organizers remove a question");
  c->exec("DELETE FROM event_questions WHERE id = ?", {question_id});
  tx.commit();
}

int EventMessageService::send_due_reminders() { return events::send_due_reminders(rt_); }

}  // namespace fitkit
