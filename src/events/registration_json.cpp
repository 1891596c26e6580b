#include "events/registration_json.hpp"

#include "core/object_builder.hpp"
#include "fitkit/id.hpp"

namespace fitkit::events {
namespace {

Json opt_time(const std::optional<std::int64_t>& t) { return t ? Json(format_utc(*t)) : Json(nullptr); }

}  // namespace

Json document_json(const RegistrationDocument& d) {
  return ObjectBuilder(8)
      .add("id", format_id(IdKind::registration_document, d.id))
      .add("kind", d.kind)
      .add("content_type", d.content_type)
      .add("size_bytes", d.size_bytes)
      .add_optional("file_name", d.file_name)
      .add("status", d.status)
      .add_optional("reason", d.reason)
      .add("created_at", time_json(d.created_at))
      .build();
}

Json registration_json(const EventRegistration& r) {
  ObjectBuilder b(34);
  b.add("id", format_id(IdKind::registration, r.id))
      .add("event_id", format_id(IdKind::event, r.event_id))
      .add("contest_id", format_id(IdKind::contest, r.contest_id))
      .add("user_id", r.user_id ? Json(format_id(IdKind::user, *r.user_id)) : Json(nullptr))
      .add("status", r.status)
      .add_optional("status_reason", r.status_reason)
      .add("given_name", r.given_name)
      .add("family_name", r.family_name)
      .add_optional("gender", r.gender)
      .add_optional("level", r.level)
      .add_optional("club", r.club)
      .add_optional("team", r.team)
      .add_optional("bib", r.bib)
      .add("fee_minor", r.fee_minor)
      .add_optional("currency", r.currency)
      .add("paid_at", opt_time(r.paid_at))
      .add("payment_due_at", opt_time(r.payment_due_at))
      .add("refunded_minor", r.refunded_minor)
      .add("approved_at", opt_time(r.approved_at))
      .add("waitlisted_at", opt_time(r.waitlisted_at))
      .add_optional("waitlist_position", r.waitlist_position)
      .add("offer_expires_at", opt_time(r.offer_expires_at))
      .add("checked_in_at", opt_time(r.checked_in_at));
  if (r.contacts_visible) {
    Json documents = Json::array();
    for (const auto& d : r.documents) documents.push_back(document_json(d));
    b.add_optional("email", r.email)
        .add_optional("phone", r.phone)
        .add_optional("birth_date", r.birth_date)
        .add("answers", Json::parse(r.answers_json))
        .add("documents", std::move(documents))
        .add_optional("payment_id", r.payment_id);
    if (r.payment_client_secret) b.add("payment_client_secret", *r.payment_client_secret);
  }
  b.add("created_at", time_json(r.created_at)).add("updated_at", time_json(r.updated_at));
  return b.build();
}

}  // namespace fitkit::events
