#include "events/event_message_json.hpp"

#include "core/object_builder.hpp"
#include "fitkit/id.hpp"

namespace fitkit::events {
namespace {

using Json = nlohmann::ordered_json;

}  // namespace

Json announcement_json(const EventAnnouncement& a) {
  return ObjectBuilder(8)
      .add("id", format_id(IdKind::announcement, a.id))
      .add("event_id", format_id(IdKind::event, a.event_id))
      .add("author_id", id_json(IdKind::user, a.author_id))
      .add("contest_id", id_json(IdKind::contest, a.contest_id))
      .add("title", a.title)
      .add("body", a.body)
      .add("recipients", a.recipients)
      .add("created_at", time_json(a.created_at))
      .build();
}

Json question_json(const EventQuestion& q) {
  return ObjectBuilder(9)
      .add("id", format_id(IdKind::event_question, q.id))
      .add("event_id", format_id(IdKind::event, q.event_id))
      .add("asker_id", id_json(IdKind::user, q.asker_id))
      .add("asker_name", q.asker_name)
      .add("body", q.body)
      .add_optional("answer", q.answer)
      .add("answered_by", id_json(IdKind::user, q.answered_by))
      .add("answered_at", q.answered_at ? time_json(*q.answered_at) : Json(nullptr))
      .add("created_at", time_json(q.created_at))
      .build();
}

}  // namespace fitkit::events
