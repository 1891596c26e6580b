// E-tickets and check-in, and bib numbers by hand or by a contest's range.
//
// A ticket is "T1.<payload>.<mac>": the payload is the registration's id and its ticket serial
// (8 + 4 bytes, base64url), the MAC the first 16 bytes of HMAC-SHA256 over them under a key
// derived from the platform's signing key. Withdrawing raises the serial, which voids the
// tickets issued before; nothing needs storing per ticket.
#include <algorithm>

#include "accounts/qr.hpp"
#include "core/crypto.hpp"
#include "core/runtime.hpp"
#include "core/time_format.hpp"
#include "events/event_store.hpp"
#include "events/registration_access.hpp"
#include "events/registration_rules.hpp"
#include "events/registration_store.hpp"
#include "fitkit/error.hpp"
#include "fitkit/registrations.hpp"

namespace fitkit {
namespace {

constexpr std::size_t kMacBytes = 16;

std::string ticket_key(const Runtime& rt) { return crypto::hmac_sha256(rt.signing_key, "fitkit event tickets"); }

std::string payload_of(std::int64_t registration_id, std::int64_t serial) {
  std::string out(12, '\0');
  for (int i = 0; i < 8; ++i) out[static_cast<std::size_t>(i)] = static_cast<char>((registration_id >> (56 - 8 * i)) & 0xff);
  for (int i = 0; i < 4; ++i) out[static_cast<std::size_t>(8 + i)] = static_cast<char>((serial >> (24 - 8 * i)) & 0xff);
  return out;
}

std::string mac_of(const Runtime& rt, std::string_view payload) {
  return crypto::hmac_sha256(ticket_key(rt), std::string("ticket|").append(payload)).substr(0, kMacBytes);
}

struct TicketClaim {
  std::int64_t registration_id = 0, serial = 0;
};

// The registration and serial a token names, if the platform signed it.
std::optional<TicketClaim> read_token(const Runtime& rt, std::string_view token) {
  if (token.substr(0, 3) != "T1.") return std::nullopt;
  token.remove_prefix(3);
  const auto dot = token.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const auto payload = crypto::base64url_decode(token.substr(0, dot));
  const auto mac = crypto::base64url_decode(token.substr(dot + 1));
  if (!payload || !mac || payload->size() != 12 || mac->size() != kMacBytes) return std::nullopt;
  if (!crypto::constant_time_equal(*mac, mac_of(rt, *payload))) return std::nullopt;
  TicketClaim claim;
  for (int i = 0; i < 8; ++i) claim.registration_id = (claim.registration_id << 8) | static_cast<unsigned char>((*payload)[static_cast<std::size_t>(i)]);
  for (int i = 8; i < 12; ++i) claim.serial = (claim.serial << 8) | static_cast<unsigned char>((*payload)[static_cast<std::size_t>(i)]);
  return claim;
}

std::int64_t serial_of(storage::Connection& c, std::int64_t registration_id) {
  return c.query_i64("SELECT ticket_serial FROM event_registrations WHERE id = ?", {registration_id}).value_or(0);
}

}  // namespace

Ticket RegistrationService::ticket(const Actor& actor, std::int64_t registration_id) {
  auto c = rt_.db->acquire();
  const auto reached = events::own_registration(*c, actor, registration_id);
  const auto& r = reached.registration;
  if (r.status != "confirmed" && r.status != "checked_in")
    throw Error::precondition("a ticket comes with a confirmed registration; this one is " + r.status);
  if (reached.event.status == "cancelled") throw Error::precondition("the event is cancelled");
  const auto payload = payload_of(r.id, serial_of(*c, r.id));
  Ticket t;
  t.token = "T1." + crypto::base64url_encode(payload) + "." + crypto::base64url_encode(mac_of(rt_, payload));
  t.qr_svg = accounts::qr_svg(t.token);
  return t;
}

EventRegistration RegistrationService::checkin(const Actor& actor, std::int64_t event_id, std::string_view token) {
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  const auto event = events::managed_event(*c, actor, event_id);
  if (event.status == "cancelled" || event.status == "finished" || event.status == "draft")
    throw Error::precondition("check-in is closed: the event is " + event.status);
  const auto claim = read_token(rt_, token);
  if (!claim) throw Error::invalid("ticket", "this is not a ticket of this platform (forged or damaged)");
  auto r = events::find_registration(*c, claim->registration_id);
  if (!r || r->event_id != event_id) throw Error::invalid("ticket", "this ticket is for another event");
  if (claim->serial != serial_of(*c, r->id))
    throw Error::invalid("ticket", "this ticket was voided; ask for the participant's current ticket");
  if (r->status == "checked_in")
    throw Error::precondition(r->given_name + " " + r->family_name + " was already checked in at " +
                              format_utc(r->checked_in_at.value_or(0)));
  if (r->status != "confirmed")
    throw Error::precondition("the registration is " + r->status + ", not confirmed");
  const auto now = rt_.now();
  events::set_status(*c, r->id, "checked_in", std::nullopt, now);
  c->exec("UPDATE event_registrations SET checked_in_at = ? WHERE id = ?", {now, r->id});
  auto out = *events::find_registration(*c, r->id);
  tx.commit();
  return events::shown(std::move(out), true);
}

EventRegistration RegistrationService::set_bib(const Actor& actor, std::int64_t registration_id, std::optional<std::int64_t> bib) {
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  const auto reached = events::managed_registration(*c, actor, registration_id);
  const auto& r = reached.registration;
  if (bib) {
    if (*bib < 1 || *bib > 10'000'000) throw Error::invalid("bib", "bib must be from 1 to 10000000");
    if (!events::holds_place(r.status)) throw Error::precondition("a bib goes to someone who holds a place; this registration is " + r.status);
    if (events::bib_taken(*c, r.event_id, *bib, r.id))
      throw Error::already_exists("bib " + std::to_string(*bib) + " is taken by another participant", "bib");
  }
  c->exec("UPDATE event_registrations SET bib = ?, updated_at = ? WHERE id = ?", {bib, rt_.now(), registration_id});
  auto out = *events::find_registration(*c, registration_id);
  tx.commit();
  return events::shown(std::move(out), true);
}

int RegistrationService::assign_bibs(const Actor& actor, std::int64_t contest_id) {
  auto c = rt_.db->acquire();
  storage::Transaction tx(*c);
  const auto contest = events::find_contest(*c, contest_id);
  if (!contest) throw Error::not_found("no such contest");
  events::managed_event(*c, actor, contest->event_id);
  if (!contest->bib_from) throw Error::precondition("the contest has no bib range: set bib_from and bib_to", "bib_from");
  std::vector<std::int64_t> waiting;
  c->query("SELECT id FROM event_registrations WHERE contest_id = ? AND holds_place = 1 AND bib IS NULL"
           " ORDER BY created_at, id",
           {contest_id}, [&](const storage::Row& r) { waiting.push_back(r.i64(0)); });
  std::vector<std::int64_t> used;
  c->query("SELECT bib FROM event_registrations WHERE event_id = ? AND bib BETWEEN ? AND ? ORDER BY bib",
           {contest->event_id, *contest->bib_from, *contest->bib_to}, [&](const storage::Row& r) { used.push_back(r.i64(0)); });
  std::int64_t next = *contest->bib_from;
  std::size_t u = 0;
  const auto now = rt_.now();
  for (auto id : waiting) {
    while (u < used.size() && used[u] < next) ++u;
    while (u < used.size() && used[u] == next) ++next, ++u;
    if (next > *contest->bib_to)
      throw Error::precondition("the bib range " + std::to_string(*contest->bib_from) + "-" + std::to_string(*contest->bib_to) +
                                " has too few free numbers for " + std::to_string(waiting.size()) + " participants",
                                "bib_to");
    c->exec("UPDATE event_registrations SET bib = ?, updated_at = ? WHERE id = ?", {next, now, id});
    ++next;
  }
  tx.commit();
  return static_cast<int>(waiting.size());
}

}  // namespace fitkit
