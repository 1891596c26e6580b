// App-generated, time-ordered 64-bit ids and their prefixed public form ("usr_06BQ…").
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

namespace fitkit {

class Clock;

// What an id names; the prefix of its public form says so.
enum class IdKind {
  user,          // usr_
  session,       // ses_
  notification,  // ntf_
  outbox,        // obx_
  audit,         // aud_
  workout,       // wkt_
  privacy_zone,  // pzn_
  gear,          // gear_
  gear_review,   // grv_
  gear_usage,    // gus_: an entry of a gear item's hand-kept usage log
  exercise,      // exe_
  workout_template,  // tpl_
  planned_workout,   // pln_
  organisation,      // org_
  event,             // evt_
  contest,           // cst_: a contest of an event (the 10 km of a race day)
  registration,      // reg_: a registration for an event
  registration_document,  // rdoc_: a document of a registration (a medical certificate)
  announcement,      // ann_: an organizers' announcement to an event's participants
  event_question,    // evq_: a question (and its answer) in an event's thread
  event_result,      // res_: a participant's result in an event
  result_photo,      // rph_: a photo attached to an event's results
};

std::string_view id_prefix(IdKind kind) noexcept;

// "usr_" followed by 13 Crockford base32 digits of the 63-bit value.
std::string format_id(IdKind kind, std::int64_t value);

// Parses a public id of the given kind; a wrong prefix or garbage throws
// Error(invalid_argument) naming `field`.
std::int64_t parse_id(IdKind kind, std::string_view text, std::string_view field = "id");

// Ids are 43 bits of milliseconds since 2024-01-01 UTC followed by a 20-bit
// sequence that starts at a random point in each process: ordered by time,
// strictly increasing within a process, and made without a central sequence.
class IdGenerator {
 public:
  explicit IdGenerator(const Clock& clock);
  std::int64_t next();

 private:
  const Clock& clock_;
  std::atomic<std::int64_t> last_;
};

}  // namespace fitkit
