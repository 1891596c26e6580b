// Events and tournaments: what they are, their contests, their status from draft to finished,
// and the catalogue that finds them. Organisations are in "fitkit/organisations.hpp".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fitkit/actor.hpp"
#include "fitkit/organisations.hpp"  // kPictureMaxBytes
#include "fitkit/page.hpp"
#include "fitkit/profiles.hpp"  // Change<T>

namespace fitkit {

struct Runtime;

// tournament, race, online_race, match, class, camp, … (docs/events.md)
const std::vector<std::string_view>& event_types() noexcept;
// draft, published, registration_open, in_progress, finished, cancelled
const std::vector<std::string_view>& event_statuses() noexcept;

struct EventPlace {
  std::optional<std::string> name, address;
  std::optional<double> latitude, longitude;
};

// Who may take part; empty lists and absent ages mean anyone.
struct EventAudience {
  std::vector<std::string> genders;  // female, male, other
  std::optional<int> min_age, max_age;  // on the event's first day
  std::vector<std::string> levels;   // athlete_levels(): beginner, amateur, professional
};

struct EventRequirements {
  bool medical_certificate = false;
  std::vector<std::string> equipment;  // "helmet", "headlamp"
};

struct ScheduleItem {
  std::int64_t starts_at = 0;
  std::optional<std::int64_t> ends_at;
  std::string title;
  std::optional<std::string> description;
};

struct Award {
  std::string title;                   // "Winner", "Best newcomer"
  std::optional<int> place;            // the place it goes to, if a place
  std::optional<std::string> category; // overall if absent, else a ranking category (M40)
  std::optional<std::string> prize;    // "500 EUR", "a pair of shoes"
};

// A price by age on the event's first day, instead of the contest's fee.
struct AgeFee {
  std::optional<int> min_age, max_age;
  std::int64_t fee_minor = 0;
};

// A ranking category of a contest: results are also ranked within it.
struct RankingCategory {
  std::string code;                   // "M40", "W-Junior"
  std::optional<std::string> gender;  // female, male, other
  std::optional<int> min_age, max_age;
};

struct Contest {
  std::int64_t id = 0;
  std::int64_t event_id = 0;
  std::string name;
  std::optional<std::string> sport;
  std::optional<double> distance_m;
  std::optional<std::int64_t> starts_at;
  std::optional<std::int64_t> capacity;
  std::int64_t taken = 0;  // places held
  std::int64_t fee_minor = 0;
  std::optional<std::int64_t> early_fee_minor, early_until;
  std::vector<AgeFee> age_fees;
  std::string result_kind;  // time, distance, points, place
  std::vector<RankingCategory> categories;
  std::optional<std::int64_t> bib_from, bib_to;
  int position = 0;
};

struct ContestFields {
  std::optional<std::string> name;
  Change<std::string> sport;
  Change<double> distance_m;
  Change<std::int64_t> starts_at, capacity, early_fee_minor, early_until, bib_from, bib_to;
  std::optional<std::int64_t> fee_minor;
  std::optional<std::vector<AgeFee>> age_fees;
  std::optional<std::string> result_kind;
  std::optional<std::vector<RankingCategory>> categories;
};

// A question of an event's registration form (docs/registration-form.md).
struct FormQuestion {
  std::string key;                   // the answer's name: 1-40 of [a-z0-9_], starting with a letter
  std::string label;                 // what is asked
  std::string type;                  // text, number, boolean, single_choice, multiple_choice, date, time, phone
  bool required = false;
  std::vector<std::string> options;  // the choices, for single_choice and multiple_choice
  std::optional<double> min, max;    // bounds, for number
  std::optional<std::string> help;   // a hint under the question

  friend bool operator==(const FormQuestion&, const FormQuestion&) = default;
};

struct Event {
  std::int64_t id = 0;
  std::int64_t owner_id = 0;
  std::optional<std::int64_t> org_id;
  std::string organizer_kind;  // organisation, coach, user
  std::string organizer_name;
  std::string title;
  std::optional<std::string> description;
  std::string type, status, visibility;
  std::optional<std::string> link_token;  // to its managers only
  bool featured = false;
  std::int64_t starts_at = 0, ends_at = 0;
  std::string time_zone;
  std::optional<std::int64_t> registration_opens_at, registration_closes_at;
  bool online = false;
  EventPlace place;
  EventAudience audience;
  EventRequirements requirements;
  std::optional<std::string> rules, scoring, winning_criteria, prize_fund, currency;
  std::vector<ScheduleItem> schedule;
  std::vector<Award> awards;
  bool requires_approval = false;
  int refund_percent = 100;
  std::optional<std::int64_t> refund_until;
  std::optional<std::string> status_reason;
  std::optional<std::string> cover_type;  // the cover image's media type, if it has one
  std::vector<std::string> categories;  // slugs of the taxonomy
  std::vector<FormQuestion> form;       // asked at registration
  std::int64_t registrations = 0;
  std::vector<Contest> contests;
  bool can_manage = false;  // the viewer's
  std::optional<double> distance_km;  // from the point searched around, in a search by place
  std::int64_t created_at = 0, updated_at = 0;
  std::optional<std::int64_t> archived_at;
};

// On create, title, type, starts_at, ends_at and time_zone are required; on update an empty
// field keeps its value and Change's inner empty clears it.
struct EventFields {
  std::optional<std::int64_t> org_id;          // create only: organise for this organisation
  std::optional<std::string> organizer_kind;   // create only: user (default) or coach
  std::optional<std::string> title, type, visibility, time_zone;
  Change<std::string> description, rules, scoring, winning_criteria, prize_fund, currency;
  std::optional<std::int64_t> starts_at, ends_at;
  Change<std::int64_t> registration_opens_at, registration_closes_at, refund_until;
  std::optional<bool> online, requires_approval;
  std::optional<EventPlace> place;
  std::optional<EventAudience> audience;
  std::optional<EventRequirements> requirements;
  std::optional<std::vector<ScheduleItem>> schedule;
  std::optional<std::vector<Award>> awards;
  std::optional<std::vector<std::string>> categories;
  std::optional<int> refund_percent;
  std::optional<std::vector<FormQuestion>> form;  // the whole form; an empty list removes it
};

struct EventQuery {
  std::optional<std::string> search;  // words of the title, description or organizer
  std::optional<std::string> type, category;
  std::optional<std::int64_t> from, to;  // starting within [from, to)
  std::optional<bool> online;
  std::optional<double> near_latitude, near_longitude, radius_km;
  std::optional<std::int64_t> org_id;
  bool managed = false;      // only events the viewer manages, drafts included
  bool archived = false;     // archived events instead
  std::string sort = "date";  // date, popularity, relevance (with search)
  std::int64_t offset = 0;    // position in the ordered list
  int limit = kPageLimitDefault;
};

struct EventSuggestion {
  Event event;
  std::string reason;  // why it is suggested, in words
};

struct EventCategory {
  std::string slug, name;
  std::int64_t events = 0;  // in the catalogue
};

class EventService {
 public:
  explicit EventService(Runtime& rt) : rt_(rt) {}

  Event create(const Actor& actor, const EventFields& fields);
  // Visible to its managers; once published, to everyone if public, else with its link token
  // (or as a participant). Otherwise not_found, as for an event that does not exist.
  Event get(const Actor& actor, std::int64_t event_id, std::string_view link_token = {});
  Event update(const Actor& actor, std::int64_t event_id, const EventFields& fields);
  // A draft is deleted; an event that was published is cancelled or archived instead.
  void remove(const Actor& actor, std::int64_t event_id);
  Event archive(const Actor& actor, std::int64_t event_id, bool archived);
  // One step of draft → published → registration_open → in_progress → finished, or cancelled
  // from any but finished; each step notifies whom it concerns. A reason goes with a cancel.
  Event set_status(const Actor& actor, std::int64_t event_id, std::string_view status,
                   std::optional<std::string> reason = {});
  // A new link token, so that the old link no longer reaches an unlisted event.
  Event new_link_token(const Actor& actor, std::int64_t event_id);
  // Pinned to the top of the catalogue (platform admins).
  Event feature(const Actor& actor, std::int64_t event_id, bool featured);

  // The cover image: PNG, JPEG or WebP, at most kPictureMaxBytes; set by the event's managers,
  // seen by whoever sees the event.
  struct Picture {
    std::string content_type, bytes;
  };
  Event set_cover(const Actor& actor, std::int64_t event_id, std::string_view bytes);
  Picture cover(const Actor& actor, std::int64_t event_id, std::string_view link_token = {});
  Event delete_cover(const Actor& actor, std::int64_t event_id);

  Contest add_contest(const Actor& actor, std::int64_t event_id, const ContestFields& fields);
  Contest update_contest(const Actor& actor, std::int64_t contest_id, const ContestFields& fields);
  // Only while nobody is registered for it.
  void remove_contest(const Actor& actor, std::int64_t contest_id);

  // The catalogue: public events out of draft (or those the viewer manages), filtered and sorted,
  // featured first.
  Page<Event> search(const Actor& actor, const EventQuery& query);
  // Upcoming public events for the viewer, from their interests, their city and what they
  // took part in before, each with its reason.
  std::vector<EventSuggestion> suggestions(const Actor& actor, int limit);

  // The taxonomy of event categories: anyone reads it, platform admins keep it.
  std::vector<EventCategory> categories();
  EventCategory add_category(const Actor& actor, std::string_view slug, std::string_view name);
  void remove_category(const Actor& actor, std::string_view slug);

 private:
  Runtime& rt_;
};

}  // namespace fitkit
