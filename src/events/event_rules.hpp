// The rules of an event's fields: closed lists, the status steps, and the checked nested parts
// (place, audience, requirements, schedule, awards, fees, ranking categories), with their JSON
// form as stored.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include <nlohmann/json_fwd.hpp>

#include "fitkit/events.hpp"

namespace fitkit::events {

// One field of an update: absent keeps `into`; an empty inner value, or "" for a text, clears
// it; anything else is checked by `check`, which gives the value stored.
template <class T, class Check>
void apply_change(const Change<T>& change, std::optional<T>& into, Check check) {
  if (!change) return;
  into.reset();
  if (!*change) return;
  if constexpr (std::is_same_v<T, std::string>)
    if ((*change)->empty()) return;
  into = check(**change);
}

inline constexpr std::size_t kMaxTitle = 150, kMaxDescription = 20000, kMaxText = 10000;

void check_event_type(std::string_view type);
void check_visibility(std::string_view visibility);
void check_status(std::string_view status);
// Whether `to` is one step on from `from` (docs/events.md: the status steps).
bool is_status_step(std::string_view from, std::string_view to);
void check_currency(std::string_view currency);  // three capital letters: EUR
void check_result_kind(std::string_view kind);

EventPlace checked_place(const EventPlace& place);
EventAudience checked_audience(const EventAudience& audience);
EventRequirements checked_requirements(const EventRequirements& requirements);
std::vector<ScheduleItem> checked_schedule(std::vector<ScheduleItem> schedule);
std::vector<Award> checked_awards(std::vector<Award> awards);
std::vector<AgeFee> checked_age_fees(std::vector<AgeFee> fees);
std::vector<RankingCategory> checked_categories(std::vector<RankingCategory> categories);

// Stored as JSON text, and read back (what was stored was checked).
std::string audience_text(const EventAudience& a);
EventAudience audience_of(const std::string& text);
std::string requirements_text(const EventRequirements& r);
EventRequirements requirements_of(const std::string& text);
std::string schedule_text(const std::vector<ScheduleItem>& s);
std::vector<ScheduleItem> schedule_of(const std::string& text);
std::string awards_text(const std::vector<Award>& a);
std::vector<Award> awards_of(const std::string& text);
std::string age_fees_text(const std::vector<AgeFee>& f);
std::vector<AgeFee> age_fees_of(const std::string& text);
std::string categories_text(const std::vector<RankingCategory>& c);
std::vector<RankingCategory> categories_of(const std::string& text);

}  // namespace fitkit::events
