// Rows of registrations, their places in a contest, and the waitlist's offers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/runtime.hpp"
#include "fitkit/events.hpp"
#include "fitkit/registrations.hpp"
#include "fitkit/storage.hpp"
#include "events/registration_person.hpp"
#include "notify/templates.hpp"

namespace fitkit::events {

// The registration with its documents, contacts included (callers hide what the viewer may
// not see), or nothing.
std::optional<EventRegistration> find_registration(storage::Connection& c, std::int64_t registration_id);
// The registrations of an event that match `where` (a condition over the columns of
// event_registrations, ANDed; its values in `params`) with an id above `after_id`, in id order,
// at most `limit`: documents attached, waitlist positions set, contacts included.
std::vector<EventRegistration> registrations_of_event(storage::Connection& c, std::int64_t event_id,
                                                      const std::string& where, std::vector<storage::Param> params,
                                                      std::int64_t after_id, std::int64_t limit);

// A new registration's row. Its search key (docs/participants.md: finding someone) is made of
// the person's names, club, team and email.
struct NewRegistrationRow {
  std::int64_t id = 0, event_id = 0, contest_id = 0;
  std::optional<std::int64_t> user_id, added_by;
  std::string status;
  RegisteredPerson person;
  std::string answers_json = "{}";
  std::int64_t fee_minor = 0;
  std::optional<std::string> currency;
  std::optional<std::int64_t> waitlisted_at, approved_at, bib;
  std::int64_t now = 0;
};
void insert_registration(storage::Connection& c, const NewRegistrationRow& row);

// Whether another registration of the event (not except_id) has this bib.
bool bib_taken(storage::Connection& c, std::int64_t event_id, std::int64_t bib, std::int64_t except_id);

std::vector<RegistrationDocument> documents_of(storage::Connection& c, std::int64_t registration_id);
struct StoredDocument {
  std::int64_t registration_id = 0;
  RegistrationDocument document;
};
std::optional<StoredDocument> find_document(storage::Connection& c, std::int64_t document_id);
// The actor's live registration for the event, if any.
std::optional<std::int64_t> live_registration_of(storage::Connection& c, std::int64_t event_id, std::int64_t user_id);
// Whether the user holds a live registration for the event (a participant sees it).
bool takes_part(storage::Connection& c, std::int64_t event_id, std::int64_t user_id);

// Holds the registrations of one event to one at a time, across processes, from before the
// transaction starts until it has ended: on PostgreSQL a session advisory lock, so that a
// registration waits for the one before instead of colliding with it in SERIALIZABLE and
// retrying (every one of them writes the same contest and event rows); SQLite serializes
// writers anyway.
class EventRegistrationLock {
 public:
  EventRegistrationLock(storage::Connection& c, std::int64_t event_id);
  ~EventRegistrationLock();
  EventRegistrationLock(const EventRegistrationLock&) = delete;
  EventRegistrationLock& operator=(const EventRegistrationLock&) = delete;

 private:
  storage::Connection* locked_ = nullptr;
  std::int64_t key_ = 0;
};

// Takes one of the contest's places if one is free; false when it is full. One conditional
// UPDATE, so that concurrent registrations never exceed the capacity.
bool take_place(storage::Connection& c, std::int64_t contest_id, std::int64_t event_id);
void release_place(storage::Connection& c, std::int64_t contest_id, std::int64_t event_id);

// Sets the status (and its reason), and whether it holds a place, of a registration.
void set_status(storage::Connection& c, std::int64_t registration_id, std::string_view status,
                const std::optional<std::string>& reason, std::int64_t now_ms);

// Offers the contest's free places to its waitlist, first come first served, each offer held
// for the platform's offer time; notifies each person offered. Returns how many were offered.
int offer_free_places(Runtime& rt, storage::Connection& c, std::int64_t contest_id);

// Takes the registrant's place back: the status (with its reason) is set, the bib and the
// tickets go, the place passes to the waitlist.
void give_up_place(Runtime& rt, storage::Connection& c, const EventRegistration& r, std::string_view status,
                   const std::optional<std::string>& reason);

// Releases offers and unpaid places of the contest (or of every contest, when none) whose time
// is up, then offers the places freed. Returns how many were released.
int release_expired(Runtime& rt, storage::Connection& c, std::optional<std::int64_t> contest_id);

// Tells the registrant about their registration: in-app and by mail after their preferences,
// or by mail alone to someone without an account who gave an address.
// `vars` adds to {event} and {status}.
void notify_registrant(Runtime& rt, storage::Connection& c, const EventRegistration& r, std::string_view template_name,
                       notify::Vars vars = {});


// Tells every registration of the event that holds a place and matches `where` (a condition
// over event_registrations with its values; "" for all), as notify_registrant does. Returns how
// many were told.
int tell_participants(Runtime& rt, storage::Connection& c, std::int64_t event_id, const std::string& where,
                      std::vector<storage::Param> params, std::string_view template_name, const notify::Vars& vars);

}  // namespace fitkit::events
