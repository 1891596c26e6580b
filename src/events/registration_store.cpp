#include "events/registration_store.hpp"

#include <nlohmann/json.hpp>

#include "core/text_rules.hpp"
#include "core/time_format.hpp"
#include "events/registration_rules.hpp"
#include "fitkit/id.hpp"
#include "notify/notify.hpp"
#include "notify/outbox.hpp"

namespace fitkit::events {
namespace {

constexpr const char* kColumns =
    "id, event_id, contest_id, user_id, status, given_name, family_name, email, phone, birth_date, gender, level,"
    " club, team, bib, answers, fee_minor, currency, payment_id, payment_due_at, paid_at, refunded_minor,"
    " approved_at, waitlisted_at, offer_expires_at, checked_in_at, status_reason, created_at, updated_at";

EventRegistration read_registration(const storage::Row& r) {
  EventRegistration g;
  g.id = r.i64(0);
  g.event_id = r.i64(1);
  g.contest_id = r.i64(2);
  g.user_id = r.opt_i64(3);
  g.status = r.text(4);
  g.given_name = r.text(5);
  g.family_name = r.text(6);
  g.email = r.opt_text(7);
  g.phone = r.opt_text(8);
  g.birth_date = r.opt_text(9);
  g.gender = r.opt_text(10);
  g.level = r.opt_text(11);
  g.club = r.opt_text(12);
  g.team = r.opt_text(13);
  g.bib = r.opt_i64(14);
  g.answers_json = r.text(15);
  g.fee_minor = r.i64(16);
  g.currency = r.opt_text(17);
  g.payment_id = r.opt_text(18);
  g.payment_due_at = r.opt_i64(19);
  g.paid_at = r.opt_i64(20);
  g.refunded_minor = r.i64(21);
  g.approved_at = r.opt_i64(22);
  g.waitlisted_at = r.opt_i64(23);
  g.offer_expires_at = r.opt_i64(24);
  g.checked_in_at = r.opt_i64(25);
  g.status_reason = r.opt_text(26);
  g.created_at = r.i64(27);
  g.updated_at = r.i64(28);
  return g;
}

constexpr const char* kDocumentColumns = "id, kind, content_type, size_bytes, file_name, status, reason, created_at";

RegistrationDocument read_document(const storage::Row& r) {
  return {r.i64(0), r.text(1), r.text(2), r.i64(3), r.opt_text(4), r.text(5), r.opt_text(6), r.i64(7)};
}

std::int64_t waitlist_position(storage::Connection& c, const EventRegistration& g) {
  return c.query_i64("SELECT COUNT(*) FROM event_registrations WHERE contest_id = ? AND status = 'waitlisted'"
                     " AND (waitlisted_at < ? OR (waitlisted_at = ? AND id <= ?))",
                     {g.contest_id, g.waitlisted_at, g.waitlisted_at, g.id})
      .value_or(1);
}

std::string event_title(storage::Connection& c, std::int64_t event_id) {
  return c.query_text("SELECT title FROM events WHERE id = ?", {event_id}).value_or("");
}

}  // namespace

std::optional<EventRegistration> find_registration(storage::Connection& c, std::int64_t registration_id) {
  std::optional<EventRegistration> out;
  c.query(std::string("SELECT ") + kColumns + " FROM event_registrations WHERE id = ?", {registration_id},
          [&](const storage::Row& r) { out = read_registration(r); });
  if (!out) return out;
  out->documents = documents_of(c, registration_id);
  if (out->status == "waitlisted") out->waitlist_position = waitlist_position(c, *out);
  return out;
}

std::vector<EventRegistration> registrations_of_event(storage::Connection& c, std::int64_t event_id,
                                                      const std::string& where, std::vector<storage::Param> params,
                                                      std::int64_t after_id, std::int64_t limit) {
  std::vector<storage::Param> all{event_id, after_id};
  all.insert(all.end(), params.begin(), params.end());
  all.emplace_back(limit);
  std::vector<EventRegistration> out;
  c.query(std::string("SELECT ") + kColumns + " FROM event_registrations WHERE event_id = ? AND id > ?" +
              (where.empty() ? "" : " AND (" + where + ")") + " ORDER BY id LIMIT ?",
          all, [&](const storage::Row& r) { out.push_back(read_registration(r)); });
  if (out.empty()) return out;
  // The documents of the whole page in one read: the page is a range of ids of one event.
  std::size_t i = 0;
  c.query(std::string("SELECT ") + kDocumentColumns + ", registration_id FROM registration_documents"
              " WHERE registration_id IN (SELECT id FROM event_registrations WHERE event_id = ? AND id BETWEEN ? AND ?)"
              " ORDER BY registration_id, id",
          {event_id, out.front().id, out.back().id}, [&](const storage::Row& r) {
            const auto owner = r.i64(8);
            while (i < out.size() && out[i].id < owner) ++i;
            if (i < out.size() && out[i].id == owner) out[i].documents.push_back(read_document(r));
          });
  for (auto& g : out)
    if (g.status == "waitlisted") g.waitlist_position = waitlist_position(c, g);
  return out;
}

void insert_registration(storage::Connection& c, const NewRegistrationRow& row) {
  const auto& p = row.person;
  std::string key = p.given_name + " " + p.family_name;
  for (const auto* extra : {&p.club, &p.team, &p.email})
    if (*extra) key += " " + **extra;
  c.exec("INSERT INTO event_registrations (id, event_id, contest_id, user_id, added_by, status, holds_place,"
         " given_name, family_name, email, phone, birth_date, gender, level, club, team, search_key, answers,"
         " fee_minor, currency, waitlisted_at, approved_at, bib, created_at, updated_at) VALUES (" +
             storage::placeholders(25) + ")",
         {row.id, row.event_id, row.contest_id, row.user_id, row.added_by, row.status, holds_place(row.status),
          p.given_name, p.family_name, p.email, p.phone, p.birth_date, p.gender, p.level, p.club, p.team,
          text::search_text(key), row.answers_json, row.fee_minor, row.currency, row.waitlisted_at, row.approved_at,
          row.bib, row.now, row.now});
}

bool bib_taken(storage::Connection& c, std::int64_t event_id, std::int64_t bib, std::int64_t except_id) {
  return c.query_i64("SELECT 1 FROM event_registrations WHERE event_id = ? AND bib = ? AND id <> ?",
                     {event_id, bib, except_id})
      .has_value();
}

std::vector<RegistrationDocument> documents_of(storage::Connection& c, std::int64_t registration_id) {
  std::vector<RegistrationDocument> out;
  c.query(std::string("SELECT ") + kDocumentColumns + " FROM registration_documents WHERE registration_id = ? ORDER BY id",
          {registration_id}, [&](const storage::Row& r) { out.push_back(read_document(r)); });
  return out;
}

std::optional<StoredDocument> find_document(storage::Connection& c, std::int64_t document_id) {
  std::optional<StoredDocument> out;
  c.query(std::string("SELECT ") + kDocumentColumns + ", registration_id FROM registration_documents WHERE id = ?",
          {document_id}, [&](const storage::Row& r) { out = StoredDocument{r.i64(8), read_document(r)}; });
  return out;
}

std::optional<std::int64_t> live_registration_of(storage::Connection& c, std::int64_t event_id, std::int64_t user_id) {
  return c.query_i64(
      "SELECT id FROM event_registrations WHERE event_id = ? AND user_id = ? AND status NOT IN ('withdrawn', 'rejected')",
      {event_id, user_id});
}

bool takes_part(storage::Connection& c, std::int64_t event_id, std::int64_t user_id) {
  return live_registration_of(c, event_id, user_id).has_value();
}

EventRegistrationLock::EventRegistrationLock(storage::Connection& c, std::int64_t event_id) : key_(event_id) {
  if (c.dialect() != "postgresql") return;
  c.exec("SELECT pg_advisory_lock(?)", {key_});
  locked_ = &c;
}

EventRegistrationLock::~EventRegistrationLock() {
  if (!locked_) return;
  try {
    locked_->exec("SELECT pg_advisory_unlock(?)", {key_});
  } catch (...) {
    // the session ends with its connection, and its locks with it
  }
}

bool take_place(storage::Connection& c, std::int64_t contest_id, std::int64_t event_id) {
  const auto taken = c.exec(
      "UPDATE event_contests SET taken = taken + 1 WHERE id = ? AND (capacity IS NULL OR taken < capacity)",
      {contest_id});
  if (taken != 1) return false;
  c.exec("UPDATE events SET registrations = registrations + 1 WHERE id = ?", {event_id});
  return true;
}

void release_place(storage::Connection& c, std::int64_t contest_id, std::int64_t event_id) {
  c.exec("UPDATE event_contests SET taken = taken - 1 WHERE id = ? AND taken > 0", {contest_id});
  c.exec("UPDATE events SET registrations = registrations - 1 WHERE id = ? AND registrations > 0", {event_id});
}

void set_status(storage::Connection& c, std::int64_t registration_id, std::string_view status,
                const std::optional<std::string>& reason, std::int64_t now_ms) {
  c.exec("UPDATE event_registrations SET status = ?, holds_place = ?, status_reason = ?, updated_at = ? WHERE id = ?",
         {status, holds_place(status), reason, now_ms, registration_id});
}

int offer_free_places(Runtime& rt, storage::Connection& c, std::int64_t contest_id) {
  int offered = 0;
  for (;;) {
    std::optional<std::int64_t> next, event_id;
    c.query("SELECT id, event_id FROM event_registrations WHERE contest_id = ? AND status = 'waitlisted'"
            " ORDER BY waitlisted_at, id LIMIT 1",
            {contest_id}, [&](const storage::Row& r) {
              next = r.i64(0);
              event_id = r.i64(1);
            });
    if (!next || !take_place(c, contest_id, *event_id)) return offered;
    const auto now = rt.now();
    const std::int64_t until = now + rt.options.events.offer_hold_ms;
    c.exec("UPDATE event_registrations SET status = 'offered', holds_place = 1, offer_expires_at = ?,"
           " status_reason = NULL, updated_at = ? WHERE id = ?",
           {until, now, *next});
    notify_registrant(rt, c, *find_registration(c, *next), "registration_offer", {{"until", format_utc(until)}});
    ++offered;
  }
}

int release_expired(Runtime& rt, storage::Connection& c, std::optional<std::int64_t> contest_id) {
  const auto now = rt.now();
  struct Expired {
    std::int64_t id, contest_id, event_id;
    std::string status;
  };
  std::vector<Expired> expired;
  const std::string where =
      "((status = 'offered' AND offer_expires_at <= ?) OR (status = 'awaiting_payment' AND payment_due_at <= ?))";
  const auto collect = [&](const storage::Row& r) { expired.push_back({r.i64(0), r.i64(1), r.i64(2), r.text(3)}); };
  if (contest_id)
    c.query("SELECT id, contest_id, event_id, status FROM event_registrations WHERE contest_id = ? AND " + where,
            {*contest_id, now, now}, collect);
  else
    c.query("SELECT id, contest_id, event_id, status FROM event_registrations WHERE " + where, {now, now}, collect);
  std::vector<std::int64_t> contests;
  for (const auto& e : expired) {
    const std::string reason = e.status == "offered" ? "the offered place was not taken in time"
                                                     : "the payment did not arrive in time";
    set_status(c, e.id, "withdrawn", reason, now);
    c.exec("UPDATE event_registrations SET bib = NULL WHERE id = ?", {e.id});
    release_place(c, e.contest_id, e.event_id);
    notify_registrant(rt, c, *find_registration(c, e.id), "registration_expired", {{"reason", reason}});
    if (std::find(contests.begin(), contests.end(), e.contest_id) == contests.end()) contests.push_back(e.contest_id);
  }
  for (auto k : contests) offer_free_places(rt, c, k);
  return static_cast<int>(expired.size());
}

void give_up_place(Runtime& rt, storage::Connection& c, const EventRegistration& r, std::string_view status,
                   const std::optional<std::string>& reason) {
  const auto now = rt.now();
  set_status(c, r.id, status, reason, now);
  c.exec("UPDATE event_registrations SET bib = NULL, ticket_serial = ticket_serial + 1, offer_expires_at = NULL,"
         " payment_due_at = NULL WHERE id = ?",
         {r.id});
  if (holds_place(r.status)) {
    release_place(c, r.contest_id, r.event_id);
    offer_free_places(rt, c, r.contest_id);
  }
}

void notify_registrant(Runtime& rt, storage::Connection& c, const EventRegistration& r, std::string_view template_name,
                       notify::Vars vars) {
  vars["event"] = event_title(c, r.event_id);
  vars["status"] = r.status;
  if (!r.user_id) {
    // Someone the organizers added without an account hears by mail, if they gave an address.
    if (r.email) notify::enqueue_template_mail(rt, c, *r.email, template_name, "en", vars);
    return;
  }
  notify::Event n;
  n.user_id = *r.user_id;
  n.category = "events";
  n.template_name = std::string(template_name);
  n.vars = std::move(vars);
  n.data_json = nlohmann::json{{"event_id", format_id(IdKind::event, r.event_id)},
                               {"registration_id", format_id(IdKind::registration, r.id)},
                               {"status", r.status}}
                    .dump();
  notify::notify_user(rt, c, n);
}

int tell_participants(Runtime& rt, storage::Connection& c, std::int64_t event_id, const std::string& where,
                      std::vector<storage::Param> params, std::string_view template_name, const notify::Vars& vars) {
  std::vector<storage::Param> all{event_id};
  all.insert(all.end(), params.begin(), params.end());
  std::vector<EventRegistration> told;
  c.query("SELECT id, user_id, email, status FROM event_registrations WHERE event_id = ? AND holds_place = 1" +
              (where.empty() ? std::string() : " AND (" + where + ")") + " ORDER BY id",
          all, [&](const storage::Row& row) {
            EventRegistration r;
            r.id = row.i64(0);
            r.event_id = event_id;
            r.user_id = row.opt_i64(1);
            r.email = row.opt_text(2);
            r.status = row.text(3);
            told.push_back(std::move(r));
          });
  for (const auto& r : told) notify_registrant(rt, c, r, template_name, vars);
  return static_cast<int>(told.size());
}

}  // namespace fitkit::events
