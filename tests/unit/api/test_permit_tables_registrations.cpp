// Who may call the registration operations: permit/deny tables through the registry. A
// registration is seen by its registrant and the event's organizers only (not_found for
// everyone else, admins included); the registrant withdraws, pays, takes offers and holds the
// ticket; the organizers approve, reject, number and check people in.
#include "core/crypto.hpp"
#include "unit/api/event_permit_support.hpp"

using namespace fitkit;
using namespace fitkit::test;

namespace {

// Ann's open event (bibs 1-500) with Bob registered and holding a ticket and a document, an
// event asking for approval with two applications (Bob's and the coach's), and an unlisted one.
struct RegistrationCast {
  std::string open, contest, registration, ticket, document, approval, application, other_application, unlisted,
      unlisted_contest;

  explicit RegistrationCast(PermitWorld& w) {
    auto& t = w.t;
    const auto make = [&](const std::string& title, const Json& extra) {
      return open_race(w, title, extra, {{"bib_from", 1}, {"bib_to", 500}});
    };
    const Json bob_person{{"given_name", "Bob"}, {"family_name", "Stone"}};
    std::tie(open, contest) = make("Open Run", Json::object());
    Json p = bob_person;
    p.update({{"event_id", open}, {"contest_id", contest}});
    registration = t.call("events.register", w.bob, p)["id"];
    ticket = t.call("events.registrations.ticket", w.bob, {{"registration_id", registration}})["token"];
    document = t.call("events.registrations.documents.add", w.bob,
                      {{"registration_id", registration}, {"file", crypto::base64_encode("%PDF-1.7 ok")}})["id"];
    std::string approval_contest;
    std::tie(approval, approval_contest) = make("Selected Run", {{"requires_approval", true}});
    p = bob_person;
    p.update({{"event_id", approval}, {"contest_id", approval_contest}});
    application = t.call("events.register", w.bob, p)["id"];
    p = {{"event_id", approval}, {"contest_id", approval_contest}, {"given_name", "Cora"}, {"family_name", "Coach"}};
    other_application = t.call("events.register", w.coach, p)["id"];
    std::tie(unlisted, unlisted_contest) = make("Hidden Run", {{"visibility", "unlisted"}});
  }
};

// The registrant (Bob) may; the organizer (Ann) is refused with `organizer`; the admin does
// not see it; anonymous callers are unauthenticated.
void add_registrant_rows(std::vector<PermitRow>& table, PermitWorld& w, const std::string& op, const Json& params,
                         std::optional<ErrorCode> bob = std::nullopt) {
  table.push_back({op, params, &w.anonymous, ErrorCode::unauthenticated});
  table.push_back({op, params, &w.admin, ErrorCode::not_found});
  table.push_back({op, params, &w.other_coach, ErrorCode::not_found});
  table.push_back({op, params, &w.ann, ErrorCode::permission_denied});
  table.push_back({op, params, &w.bob, bob});
}

// The organizer (Ann) may; the registrant (Bob) is refused; others do not see it.
void add_organizer_rows(std::vector<PermitRow>& table, PermitWorld& w, const std::string& op, const Json& params,
                        std::optional<ErrorCode> ann = std::nullopt) {
  table.push_back({op, params, &w.anonymous, ErrorCode::unauthenticated});
  table.push_back({op, params, &w.admin, ErrorCode::not_found});
  table.push_back({op, params, &w.other_coach, ErrorCode::not_found});
  table.push_back({op, params, &w.bob, ErrorCode::permission_denied});
  table.push_back({op, params, &w.ann, ann});
}

}  // namespace

TEST_CASE("permit table: events.register and a registrant's operations") {
  TestPlatform t;
  PermitWorld w(t);
  RegistrationCast c(w);
  std::vector<PermitRow> table;
  const Json person{{"given_name", "Some"}, {"family_name", "One"}};
  Json reg = person;
  reg.update({{"event_id", c.open}, {"contest_id", c.contest}});
  table.push_back({"events.register", reg, &w.anonymous, ErrorCode::unauthenticated});
  for (const Actor* a : {&w.admin, &w.ann, &w.other_coach}) table.push_back({"events.register", reg, a, std::nullopt});
  table.push_back({"events.register", reg, &w.bob, ErrorCode::already_exists});
  Json hidden = person;
  hidden.update({{"event_id", c.unlisted}, {"contest_id", c.unlisted_contest}});
  table.push_back({"events.register", hidden, &w.moderator, ErrorCode::not_found});

  table.push_back({"events.registrations.get", {{"registration_id", c.registration}}, &w.anonymous, ErrorCode::unauthenticated});
  table.push_back({"events.registrations.get", {{"registration_id", c.registration}}, &w.admin, ErrorCode::not_found});
  table.push_back({"events.registrations.get", {{"registration_id", c.registration}}, &w.other_coach, ErrorCode::not_found});
  table.push_back({"events.registrations.get", {{"registration_id", c.registration}}, &w.bob, std::nullopt});
  table.push_back({"events.registrations.get", {{"registration_id", c.registration}}, &w.ann, std::nullopt});
  table.push_back({"events.registrations.mine", Json::object(), &w.anonymous, ErrorCode::unauthenticated});
  for (const Actor* a : {&w.admin, &w.ann, &w.bob})
    table.push_back({"events.registrations.mine", Json::object(), a, std::nullopt});

  const Json mine{{"registration_id", c.registration}};
  add_registrant_rows(table, w, "events.registrations.ticket", mine);
  add_registrant_rows(table, w, "events.registrations.pay", mine, ErrorCode::failed_precondition);
  add_registrant_rows(table, w, "events.registrations.offer.accept", mine, ErrorCode::failed_precondition);
  add_registrant_rows(table, w, "events.registrations.offer.decline", mine, ErrorCode::failed_precondition);
  add_registrant_rows(table, w, "events.registrations.documents.add",
                      {{"registration_id", c.registration}, {"file", crypto::base64_encode("\x89PNG\r\n\x1a\n....")}});
  table.push_back({"events.registrations.documents.get", {{"document_id", c.document}}, &w.anonymous, ErrorCode::unauthenticated});
  table.push_back({"events.registrations.documents.get", {{"document_id", c.document}}, &w.admin, ErrorCode::not_found});
  table.push_back({"events.registrations.documents.get", {{"document_id", c.document}}, &w.other_coach, ErrorCode::not_found});
  table.push_back({"events.registrations.documents.get", {{"document_id", c.document}}, &w.bob, std::nullopt});
  table.push_back({"events.registrations.documents.get", {{"document_id", c.document}}, &w.ann, std::nullopt});
  add_registrant_rows(table, w, "events.registrations.withdraw", mine);
  w.check(table, PermitWorld::OwnerData::may_change);
}

TEST_CASE("permit table: the organizers' registration operations and the payment webhook") {
  TestPlatform t;
  PermitWorld w(t);
  RegistrationCast c(w);
  std::vector<PermitRow> table;
  add_organizer_rows(table, w, "events.registrations.bib", {{"registration_id", c.registration}, {"bib", 7}});
  add_organizer_rows(table, w, "events.registrations.documents.review", {{"document_id", c.document}, {"accepted", true}});
  add_organizer_rows(table, w, "events.registrations.approve", {{"registration_id", c.application}});
  const Json reject{{"registration_id", c.other_application}, {"reason", "Full team"}};  // the coach's
  table.push_back({"events.registrations.reject", reject, &w.anonymous, ErrorCode::unauthenticated});
  for (const Actor* a : {&w.admin, &w.bob, &w.other_coach})
    table.push_back({"events.registrations.reject", reject, a, ErrorCode::not_found});
  table.push_back({"events.registrations.reject", reject, &w.coach, ErrorCode::permission_denied});
  table.push_back({"events.registrations.reject", reject, &w.ann, std::nullopt});
  // The event is public: others see it, so they are refused rather than not told.
  for (const auto& [op, params] : std::vector<std::pair<std::string, Json>>{
           {"events.contests.bibs.assign", {{"contest_id", c.contest}}},
           {"events.checkin", {{"event_id", c.open}, {"ticket", c.ticket}}}}) {
    table.push_back({op, params, &w.anonymous, ErrorCode::unauthenticated});
    for (const Actor* a : {&w.admin, &w.bob, &w.other_coach}) table.push_back({op, params, a, ErrorCode::permission_denied});
    table.push_back({op, params, &w.ann, std::nullopt});
  }
  table.push_back({"events.holds.expire", Json::object(), &w.anonymous, ErrorCode::unauthenticated});
  for (const Actor* a : {&w.ann, &w.bob}) table.push_back({"events.holds.expire", Json::object(), a, ErrorCode::permission_denied});
  table.push_back({"events.holds.expire", Json::object(), &w.admin, std::nullopt});
  // The local provider sends no webhooks: whoever calls, a webhook is refused as unsigned.
  const Json webhook{{"payload", crypto::base64_encode("{\"id\":\"evt_1\"}")}, {"signature", "t=1,v1=00"}};
  for (const Actor* a : {&w.anonymous, &w.admin, &w.ann, &w.bob})
    table.push_back({"payments.webhook", webhook, a, ErrorCode::unauthenticated});
  w.check(table, PermitWorld::OwnerData::may_change);
}
