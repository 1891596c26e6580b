// What an event's participants are told without anyone writing to them: reminders before the
// start, and a change of its times or schedule.
#pragma once

#include "core/runtime.hpp"
#include "fitkit/events.hpp"
#include "fitkit/storage.hpp"

namespace fitkit::events {

// The statuses told of the start: those who hold a place and have not yet been given a result.
inline constexpr const char* kBeforeStartSql =
    "status IN ('registered', 'awaiting_payment', 'paid', 'confirmed', 'checked_in')";

// Sends the reminders that are due (docs/event-messages.md: reminders), each claimed in its own
// transaction. Returns how many events were reminded of.
int send_due_reminders(Runtime& rt);

// Tells the participants of an event that is out of draft when its start, end or schedule
// changed between `before` and `after`; inside the caller's transaction.
void on_schedule_change(Runtime& rt, storage::Connection& c, const Event& before, const Event& after);

}  // namespace fitkit::events
