// Registration: e-tickets and check-in, bibs, documents, and capacity under concurrent
// registrations.
#include <thread>

#include "core/crypto.hpp"
#include "unit/events/registration_world.hpp"

using namespace fitkit;
using namespace fitkit::test;

TEST_CASE("registrations: an e-ticket checks in once, at its own event, by its organizers") {
  RegistrationWorld w(2);
  const auto m = w.open_event();
  const auto other = w.open_event();
  const std::string id = w.enrol(w.people[0], m)["id"];
  const auto ticket = w.t.call("events.registrations.ticket", w.people[0], {{"registration_id", id}});
  const std::string token = ticket["token"];
  CHECK(token.rfind("T1.", 0) == 0);
  CHECK(ticket["qr_svg"].get<std::string>().find("<svg") != std::string::npos);
  CHECK(error_of([&] { w.t.call("events.registrations.ticket", w.ann, {{"registration_id", id}}); }) ==
        ErrorCode::permission_denied);

  const auto checkin = [&](const Actor& as, const std::string& event_id, const std::string& t) {
    return w.t.call("events.checkin", as, {{"event_id", event_id}, {"ticket", t}});
  };
  CHECK(error_of([&] { checkin(w.people[0], m.event_id, token); }) == ErrorCode::permission_denied);
  auto forged = token;
  forged[forged.size() - 2] = forged[forged.size() - 2] == 'A' ? 'B' : 'A';
  for (const auto& bad : {forged, std::string("T1.abc.def"), std::string("hello")}) {
    const auto e = failure_of([&] { checkin(w.ann, m.event_id, bad); });
    REQUIRE(e);
    CHECK(e->code() == ErrorCode::invalid_argument);
    CHECK(e->field() == "ticket");
  }
  CHECK(std::string(failure_of([&] { checkin(w.ann, other.event_id, token); })->what()).find("another event") !=
        std::string::npos);
  CHECK(w.registration(id, w.ann)["status"] == "confirmed");

  const auto in = checkin(w.ann, m.event_id, token);
  CHECK(in["status"] == "checked_in");
  CHECK(in["checked_in_at"].is_string());
  const auto again = failure_of([&] { checkin(w.ann, m.event_id, token); });
  REQUIRE(again);
  CHECK(again->code() == ErrorCode::failed_precondition);
  CHECK(std::string(again->what()).find("already checked in at 2026-01-01") != std::string::npos);

  // A ticket voided by a withdrawal no longer checks in.
  const std::string second = w.enrol(w.people[1], m)["id"];
  const std::string old_token = w.t.call("events.registrations.ticket", w.people[1], {{"registration_id", second}})["token"];
  w.t.call("events.registrations.withdraw", w.people[1], {{"registration_id", second}});
  const auto voided = failure_of([&] { checkin(w.ann, m.event_id, old_token); });
  REQUIRE(voided);
  CHECK(std::string(voided->what()).find("voided") != std::string::npos);
}

TEST_CASE("registrations: bibs by hand are unique in the event; by range, in registration order") {
  RegistrationWorld w(3);
  const auto m = w.open_event({}, {{"bib_from", 100}, {"bib_to", 102}});
  std::vector<std::string> ids;
  for (const auto& p : w.people) ids.push_back(w.enrol(p, m)["id"]);
  const auto bib = [&](const std::string& id, const Json& value) {
    Json p{{"registration_id", id}};
    if (!value.is_null()) p["bib"] = value;
    return w.t.call("events.registrations.bib", w.ann, p);
  };
  CHECK(bib(ids[1], 101)["bib"] == 101);
  const auto taken = failure_of([&] { bib(ids[0], 101); });
  REQUIRE(taken);
  CHECK(taken->code() == ErrorCode::already_exists);
  CHECK(taken->field() == "bib");
  CHECK(error_of([&] { bib(ids[0], 0); }) == ErrorCode::invalid_argument);
  CHECK(error_of([&] { w.t.call("events.registrations.bib", w.people[0], {{"registration_id", ids[0]}, {"bib", 5}}); }) ==
        ErrorCode::permission_denied);
  CHECK(w.t.call("events.contests.bibs.assign", w.ann, {{"contest_id", m.contest_id}})["assigned"] == 2);
  CHECK(w.registration(ids[0], w.ann)["bib"] == 100);
  CHECK(w.registration(ids[2], w.ann)["bib"] == 102);
  CHECK(w.t.call("events.contests.bibs.assign", w.ann, {{"contest_id", m.contest_id}})["assigned"] == 0);

  // A range too small for everyone gives nobody a number.
  RegistrationWorld v(3);
  const auto small = v.open_event({}, {{"bib_from", 1}, {"bib_to", 2}});
  std::vector<std::string> small_ids;
  for (const auto& p : v.people) small_ids.push_back(v.enrol(p, small)["id"]);
  const auto e = failure_of([&] { v.t.call("events.contests.bibs.assign", v.ann, {{"contest_id", small.contest_id}}); });
  REQUIRE(e);
  CHECK(e->code() == ErrorCode::failed_precondition);
  CHECK(v.registration(small_ids[0], v.ann)["bib"].is_null());
}

TEST_CASE("registrations: a medical certificate is sniffed, seen by registrant and organizers, and reviewed") {
  RegistrationWorld w(2);
  const auto m = w.open_event({{"requirements", {{"medical_certificate", true}}}});
  const std::string id = w.enrol(w.people[0], m)["id"];
  CHECK(w.registration(id, w.people[0])["status"] == "registered");  // until a certificate is accepted
  const auto add = [&](const Actor& as, const std::string& bytes) {
    return w.t.call("events.registrations.documents.add", as,
                    {{"registration_id", id}, {"file", crypto::base64_encode(bytes)}, {"file_name", "cert.pdf"}});
  };
  const auto not_pdf = failure_of([&] { add(w.people[0], "GIF89a....."); });
  REQUIRE(not_pdf);
  CHECK(not_pdf->field() == "file");
  CHECK(error_of([&] { add(w.ann, "%PDF-1.4 x"); }) == ErrorCode::permission_denied);
  CHECK(error_of([&] { add(w.people[1], "%PDF-1.4 x"); }) == ErrorCode::not_found);
  const auto doc = add(w.people[0], "%PDF-1.4 certificate");
  CHECK(doc["content_type"] == "application/pdf");
  CHECK(doc["status"] == "pending");
  const std::string doc_id = doc["id"];
  CHECK(w.registration(id, w.people[0])["documents"].size() == 1);

  const auto file = w.t.call("events.registrations.documents.get", w.ann, {{"document_id", doc_id}});
  CHECK(crypto::base64_decode(file["content_base64"].get<std::string>()) == std::string("%PDF-1.4 certificate"));
  CHECK(error_of([&] { w.t.call("events.registrations.documents.get", w.people[1], {{"document_id", doc_id}}); }) ==
        ErrorCode::not_found);

  const auto review = [&](const Actor& as, const Json& extra) {
    Json p{{"document_id", doc_id}};
    p.update(extra);
    return w.t.call("events.registrations.documents.review", as, p);
  };
  CHECK(error_of([&] { review(w.people[0], {{"accepted", true}}); }) == ErrorCode::permission_denied);
  CHECK(failure_of([&] { review(w.ann, {{"accepted", false}}); })->field() == "reason");
  CHECK(review(w.ann, {{"accepted", false}, {"reason", "Unsigned"}})["status"] == "rejected");
  CHECK(w.latest_notice(w.people[0]) == "document_rejected");
  CHECK(w.registration(id, w.people[0])["status"] == "registered");
  CHECK(review(w.ann, {{"accepted", true}})["status"] == "accepted");
  CHECK(w.registration(id, w.people[0])["status"] == "confirmed");
}

TEST_CASE("registrations: concurrent registrations never take more places than there are") {
  constexpr int kThreads = 6, kEach = 5, kCapacity = 10;
  RegistrationWorld w(kThreads * kEach);
  const auto m = w.open_event({}, {{"capacity", kCapacity}});
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) try {
          w.enrol(w.people[static_cast<std::size_t>(t * kEach + i)], m);
        } catch (...) {
          ++failures;
        }
    });
  for (auto& th : threads) th.join();
  CHECK(failures == 0);
  CHECK(w.contest(m)["taken"] == kCapacity);
  int confirmed = 0, waitlisted = 0;
  for (const auto& p : w.people) {
    const auto mine = w.t.call("events.registrations.mine", p);
    for (const auto& r : mine["items"]) (r["status"] == "confirmed" ? confirmed : waitlisted) += 1;
  }
  CHECK(confirmed == kCapacity);
  CHECK(waitlisted == kThreads * kEach - kCapacity);
}
