// Messages around an event: the organizers' announcements to its participants, a question and
// answer thread, and reminders before the start. See docs/event-messages.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fitkit/actor.hpp"
#include "fitkit/page.hpp"

namespace fitkit {

struct Runtime;

struct EventAnnouncement {
  std::int64_t id = 0;
  std::int64_t event_id = 0;
  std::optional<std::int64_t> author_id;
  std::string title;
  std::string body;
  std::optional<std::int64_t> contest_id;  // only that contest's participants were told
  std::int64_t recipients = 0;             // how many participants were told
  std::int64_t created_at = 0;
};

struct EventQuestion {
  std::int64_t id = 0;
  std::int64_t event_id = 0;
  std::optional<std::int64_t> asker_id;
  std::string asker_name;
  std::string body;
  std::optional<std::string> answer;
  std::optional<std::int64_t> answered_by, answered_at;
  std::int64_t created_at = 0;
};

class EventMessageService {
 public:
  explicit EventMessageService(Runtime& rt) : rt_(rt) {}

  // The organizers tell every participant who holds a place (of one contest, if given): in-app
  // and by mail after each one's preferences; by mail alone to someone without an account.
  EventAnnouncement announce(const Actor& actor, std::int64_t event_id, std::string_view title, std::string_view body,
                             std::optional<std::int64_t> contest_id);
  // Newest first; the event's organizers and participants.
  Page<EventAnnouncement> announcements(const Actor& actor, std::int64_t event_id, std::optional<std::int64_t> before_id,
                                        int limit);

  // A participant (or an organizer) asks; the organizers are told.
  EventQuestion ask(const Actor& actor, std::int64_t event_id, std::string_view body);
  // An organizer answers (again: the answer is replaced); the asker is told.
  EventQuestion answer(const Actor& actor, std::int64_t question_id, std::string_view answer);
  // The thread, oldest first; the event's organizers and participants.
  Page<EventQuestion> questions(const Actor& actor, std::int64_t event_id, std::optional<std::int64_t> after_id,
                                int limit);
  // The asker or an organizer.
  void remove_question(const Actor& actor, std::int64_t question_id);

  // Tells the participants of every event that starts within 24 hours, and again within the
  // hour, once each for its start time (a start moved later is reminded of again). `fitctl serve`
  // and `fitctl worker` run it every minute. Returns how many events were reminded of.
  int send_due_reminders();

 private:
  Runtime& rt_;
};

inline constexpr std::size_t kEventMessageMaxChars = 5000;

}  // namespace fitkit
