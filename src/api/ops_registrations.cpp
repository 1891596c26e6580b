// Operations of registration: events.register, events.registrations.* (the registrant's and
// the organizers'), tickets and check-in, bibs, documents, and the payment webhook.
#include "api/cursor.hpp"
#include "api/event_params.hpp"
#include "api/registry.hpp"
#include "api/views.hpp"
#include "events/registration_json.hpp"
#include "fitkit/error.hpp"
#include "fitkit/platform.hpp"
#include "fitkit/registrations.hpp"

namespace fitkit::api {
namespace {

using events::registration_json;

constexpr std::string_view kMine = "events.registrations.mine";

RegistrationService& service(Context& ctx) { return ctx.platform.registrations(); }

const ParamSpec kDocumentId{"document_id", ParamType::id, true, "rdoc_… id", IdKind::registration_document};


EventRegistrationFields registration_fields(const Json& p) {
  EventRegistrationFields f;
  f.contest_id = id(p, "contest_id", IdKind::contest);
  f.given_name = opt_str(p, "given_name");
  f.family_name = opt_str(p, "family_name");
  f.email = opt_str(p, "email");
  f.phone = opt_str(p, "phone");
  f.birth_date = opt_str(p, "birth_date");
  f.gender = opt_str(p, "gender");
  f.level = opt_str(p, "level");
  f.club = opt_str(p, "club");
  f.team = opt_str(p, "team");
  if (auto it = p.find("answers"); it != p.end() && !it->is_null()) f.answers_json = it->dump();
  return f;
}

void add_registrant_operations(Registry& r) {
  const auto text = [](const char* name, const char* help) {
    return ParamSpec{name, ParamType::string, false, help, {}, false, 400};
  };
  r.add({"events.register",
         "Register for a contest of an event: eligibility, the form's answers and the fee are checked; a full "
         "contest puts you on its waitlist",
         HttpMethod::post, "/v1/events/{event_id}/registrations", Access::signed_in,
         {kEventId,
          {"contest_id", ParamType::id, true, "the contest (cst_… id)", IdKind::contest},
          {"link_token", ParamType::string, false, "the link token of an unlisted event", {}, true, 100},
          text("given_name", "your given name; default: your profile's first name"),
          text("family_name", "your family name; default: your profile's last name"),
          text("email", "a contact address for the organizers; default: your account's"),
          text("phone", "a contact phone, E.164; default: your account's"),
          text("birth_date", "YYYY-MM-DD; default: your profile's"),
          text("gender", "female, male or other; default: your profile's"),
          text("level", "beginner, amateur or professional; default: your profile's"),
          text("club", "your club"),
          text("team", "your team, for team rankings"),
          {"answers", ParamType::object, false, "answers to the event's form: {key: value}"}},
         [](Context& ctx, const Json& p) {
           return registration_json(service(ctx).register_for(ctx.actor, id(p, "event_id", IdKind::event),
                                                              registration_fields(p),
                                                              opt_str(p, "link_token").value_or("")));
         }});
  r.add({"events.registrations.get", "One registration: yours, or of an event you organize", HttpMethod::get,
         "/v1/registrations/{registration_id}", Access::signed_in, {kRegistrationId},
         [](Context& ctx, const Json& p) { return registration_json(service(ctx).get(ctx.actor, registration_id(p))); }});
  r.add({"events.registrations.mine", "Your registrations, newest first", HttpMethod::get, "/v1/me/registrations",
         Access::signed_in, paging_params(), [](Context& ctx, const Json& p) {
           const auto page = page_request(p);
           return page_json(service(ctx).mine(ctx.actor, id_position(kMine, page.cursor), page.limit), registration_json,
                            [](const EventRegistration& g) { return id_cursor(kMine, g.id); });
         },
         "items"});
  r.add({"events.registrations.withdraw",
         "Withdraw your registration: the place passes to the waitlist, a paid fee is refunded as the event's "
         "policy says",
         HttpMethod::post, "/v1/registrations/{registration_id}/withdraw", Access::signed_in,
         {kRegistrationId, {"reason", ParamType::string, false, "why, for the organizers", {}, false, 2000}},
         [](Context& ctx, const Json& p) {
           return registration_json(service(ctx).withdraw(ctx.actor, registration_id(p), opt_str(p, "reason")));
         }});
  r.add({"events.registrations.pay", "Pay the fee of a registration awaiting payment", HttpMethod::post,
         "/v1/registrations/{registration_id}/pay", Access::signed_in, {kRegistrationId},
         [](Context& ctx, const Json& p) { return registration_json(service(ctx).pay(ctx.actor, registration_id(p))); }});
  r.add({"events.registrations.offer.accept", "Take the place offered to you from the waitlist", HttpMethod::post,
         "/v1/registrations/{registration_id}/offer/accept", Access::signed_in, {kRegistrationId},
         [](Context& ctx, const Json& p) {
           return registration_json(service(ctx).accept_offer(ctx.actor, registration_id(p)));
         }});
  r.add({"events.registrations.offer.decline", "Decline the place offered to you: it passes to the next in line",
         HttpMethod::post, "/v1/registrations/{registration_id}/offer/decline", Access::signed_in, {kRegistrationId},
         [](Context& ctx, const Json& p) {
           return registration_json(service(ctx).decline_offer(ctx.actor, registration_id(p)));
         }});
  r.add({"events.registrations.ticket", "Your e-ticket: a signed token and its QR code (SVG)", HttpMethod::get,
         "/v1/registrations/{registration_id}/ticket", Access::signed_in, {kRegistrationId},
         [](Context& ctx, const Json& p) {
           const auto t = service(ctx).ticket(ctx.actor, registration_id(p));
           return Json{{"registration_id", str(p, "registration_id")}, {"token", t.token}, {"qr_svg", t.qr_svg}};
         }});
}

void add_organizer_operations(Registry& r) {
  r.add({"events.registrations.approve", "Accept an application (events that require approval)", HttpMethod::post,
         "/v1/registrations/{registration_id}/approve", Access::signed_in, {kRegistrationId},
         [](Context& ctx, const Json& p) { return registration_json(service(ctx).approve(ctx.actor, registration_id(p))); }});
  r.add({"events.registrations.reject", "Reject an application, with the reason told to the applicant",
         HttpMethod::post, "/v1/registrations/{registration_id}/reject", Access::signed_in,
         {kRegistrationId, {"reason", ParamType::string, true, "why", {}, false, 2000}}, [](Context& ctx, const Json& p) {
           return registration_json(service(ctx).reject(ctx.actor, registration_id(p), str(p, "reason")));
         }});
  r.add({"events.registrations.bib", "Give a participant a bib number by hand, or clear it", HttpMethod::put,
         "/v1/registrations/{registration_id}/bib", Access::signed_in,
         {kRegistrationId, {"bib", ParamType::integer, false, "the number; absent or null clears it"}},
         [](Context& ctx, const Json& p) {
           return registration_json(service(ctx).set_bib(ctx.actor, registration_id(p), opt_int(p, "bib")));
         }});
  r.add({"events.contests.bibs.assign",
         "Number everyone holding a place in the contest without a bib, from its range, in registration order",
         HttpMethod::post, "/v1/contests/{contest_id}/bibs", Access::signed_in,
         {{"contest_id", ParamType::id, true, "cst_… id", IdKind::contest}}, [](Context& ctx, const Json& p) {
           return Json{{"assigned", service(ctx).assign_bibs(ctx.actor, id(p, "contest_id", IdKind::contest))}};
         }});
  r.add({"events.checkin", "Check a participant in by their scanned e-ticket", HttpMethod::post,
         "/v1/events/{event_id}/checkin", Access::signed_in,
         {kEventId, {"ticket", ParamType::string, true, "the ticket's token, as scanned", {}, true, 200}},
         [](Context& ctx, const Json& p) {
           return registration_json(service(ctx).checkin(ctx.actor, id(p, "event_id", IdKind::event), str(p, "ticket")));
         }});
  r.add({"events.holds.expire", "Release offers and unpaid places whose time is up (admins; also runs by itself)",
         HttpMethod::post, "/v1/admin/registration-holds/expire", Access::signed_in, {}, [](Context& ctx, const Json&) {
           if (!ctx.actor.has_role(Role::admin)) throw Error::permission_denied("only admins may do this");
           return Json{{"released", service(ctx).expire_holds()}};
         }});
}

void add_document_operations(Registry& r) {
  r.add({"events.registrations.documents.add",
         "Add a document to your registration (a medical certificate): PDF, JPEG or PNG, at most 5 MiB",
         HttpMethod::post, "/v1/registrations/{registration_id}/documents", Access::signed_in,
         {kRegistrationId,
          {"kind", ParamType::string, false, "medical_certificate (the default) or other", {}, false, 40},
          {"file", ParamType::file, true, "the document", {}, false, kDocumentMaxBytes},
          {"file_name", ParamType::string, false, "its name", {}, false, 800}},
         [](Context& ctx, const Json& p) {
           return events::document_json(service(ctx).add_document(ctx.actor, registration_id(p),
                                                                  opt_str(p, "kind").value_or("medical_certificate"),
                                                                  opt_str(p, "file_name"), file_bytes(p, "file")));
         }});
  Operation get{"events.registrations.documents.get", "A document of a registration, as the file", HttpMethod::get,
                "/v1/registration-documents/{document_id}", Access::signed_in, {kDocumentId},
                [](Context& ctx, const Json& p) {
                  const auto file = service(ctx).document(ctx.actor, id(p, "document_id", IdKind::registration_document));
                  const auto ext = file.document.content_type == "application/pdf" ? ".pdf"
                                   : file.document.content_type == "image/png" ? ".png" : ".jpg";
                  return file_result(str(p, "document_id") + ext, file.document.content_type, file.bytes);
                }};
  get.returns_file = true;
  r.add(std::move(get));
  r.add({"events.registrations.documents.review", "Accept or reject a participant's document (organizers)",
         HttpMethod::post, "/v1/registration-documents/{document_id}/review", Access::signed_in,
         {kDocumentId,
          {"accepted", ParamType::boolean, true, "true accepts it, false rejects it"},
          {"reason", ParamType::string, false, "why it is rejected (required then)", {}, false, 2000}},
         [](Context& ctx, const Json& p) {
           return events::document_json(service(ctx).review_document(
               ctx.actor, id(p, "document_id", IdKind::registration_document), *opt_bool(p, "accepted"),
               opt_str(p, "reason")));
         }});
}

void add_webhook_operation(Registry& r) {
  Operation webhook{"payments.webhook",
                    "A payment provider's webhook: verified by its signature and age, applied once", HttpMethod::post,
                    "/v1/payments/webhook", Access::anyone,
                    {{"payload", ParamType::file, true, "the webhook's body, as received", {}, false, 256 * 1024},
                     {"signature", ParamType::string, true, "the provider's signature header (Stripe-Signature)", {},
                      true, 2000, "Stripe-Signature"}},
                    [](Context& ctx, const Json& p) {
                      const auto outcome =
                          service(ctx).handle_payment_webhook(str(p, "signature"), file_bytes(p, "payload"));
                      return Json{{"received", true},
                                  {"duplicate", outcome.duplicate},
                                  {"type", outcome.type},
                                  {"registration_id", outcome.registration_id
                                                          ? Json(format_id(IdKind::registration, *outcome.registration_id))
                                                          : Json(nullptr)}};
                    }};
  webhook.raw_body = true;
  r.add(std::move(webhook));
}

}  // namespace

void add_registration_operations(Registry& r) {
  add_registrant_operations(r);
  add_organizer_operations(r);
  add_document_operations(r);
  add_webhook_operation(r);
}

}  // namespace fitkit::api
