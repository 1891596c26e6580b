// The organizers' panel of an event's participants: the list with filters, adding, moving and
// removing people, race-day statuses with their reason, and exports with chosen columns.
// See docs/participants.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fitkit/actor.hpp"
#include "fitkit/page.hpp"
#include "fitkit/registrations.hpp"

namespace fitkit {

struct Runtime;

struct ParticipantFilter {
  std::optional<std::string> status;       // one of registration_statuses()
  std::optional<std::int64_t> contest_id;  // a contest of the event
  // Words found in the name, club, team or email (case-insensitive), or a bib number.
  std::optional<std::string> query;
};

// Someone the organizers add by hand: an account's user (their profile fills the person
// fields not given) or a person without an account. No fee is charged and the audience is
// not checked: the organizers decide.
struct NewParticipant {
  EventRegistrationFields fields;
  std::optional<std::int64_t> user_id;
  std::optional<std::int64_t> bib;
};

// An export: the file's name, its content type and its bytes.
struct ParticipantFile {
  std::string file_name;
  std::string content_type;
  std::string bytes;
};

class ParticipantService {
 public:
  explicit ParticipantService(Runtime& rt) : rt_(rt) {}

  // The event's registrations in the order they came, with contacts, answers and documents.
  // The event's organizers only.
  Page<EventRegistration> list(const Actor& actor, std::int64_t event_id, const ParticipantFilter& filter,
                               std::optional<std::int64_t> after_id, int limit);

  // Adds someone with a place in a contest, confirmed at once; a full contest refuses.
  EventRegistration add(const Actor& actor, std::int64_t event_id, const NewParticipant& participant);
  // Moves a participant who holds a place to another contest of the same event: a place is
  // taken there (a full contest refuses) and the old one passes to its waitlist. The fee is
  // left as it was paid; the bib stays.
  EventRegistration move(const Actor& actor, std::int64_t registration_id, std::int64_t contest_id);
  // Removes a participant (status withdrawn, with the reason told to them): the place passes to
  // the waitlist, and what they paid is refunded in full unless `refund` is false.
  EventRegistration remove(const Actor& actor, std::int64_t registration_id, std::string_view reason, bool refund);
  // Sets a status by hand: confirmed (an application, a payment at the venue or a certificate
  // seen in person), or checked_in, finished, dns, dnf, dsq (a disqualification needs a reason).
  // docs/participants.md lists which status may follow which.
  EventRegistration set_status(const Actor& actor, std::int64_t registration_id, std::string_view status,
                               std::optional<std::string> reason);

  // The participants as a file, "csv" or "xlsx", with the chosen columns in their order
  // (participant_columns(); empty: the default set), filtered as list() is. Every text cell is
  // safe against formula injection.
  ParticipantFile export_list(const Actor& actor, std::int64_t event_id, const ParticipantFilter& filter,
                              const std::vector<std::string>& columns, std::string_view format);

 private:
  Runtime& rt_;
};

// The columns an export may have, and the default set. "answers" stands for one column per
// question of the event's form; "answer:<key>" for one question.
const std::vector<std::string_view>& participant_columns() noexcept;
const std::vector<std::string_view>& default_participant_columns() noexcept;

}  // namespace fitkit
