#include "events/event_rules.hpp"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "core/text_rules.hpp"
#include "fitkit/error.hpp"

namespace fitkit {

const std::vector<std::string_view>& event_types() noexcept {
  static const std::vector<std::string_view> types{"race", "tournament", "match", "online_race", "class", "camp",
                                                   "meetup", "challenge", "other"};
  return types;
}

const std::vector<std::string_view>& event_statuses() noexcept {
  static const std::vector<std::string_view> statuses{"draft",       "published", "registration_open",
                                                      "in_progress", "finished",  "cancelled"};
  return statuses;
}

namespace events {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxListItems = 100, kMaxShort = 200;
const std::vector<std::string_view> kGenders{"female", "male", "other"};
const std::vector<std::string_view> kResultKinds{"time", "distance", "points", "place"};

std::string listed(const std::vector<std::string_view>& words) {
  std::string out;
  for (auto w : words) out += (out.empty() ? "" : ", ") + std::string(w);
  return out;
}

void check_in(const std::vector<std::string_view>& words, std::string_view value, const std::string& field) {
  if (std::find(words.begin(), words.end(), value) == words.end())
    throw Error::invalid(field, field + " must be one of " + listed(words));
}

void check_count(std::size_t n, const std::string& field) {
  if (n > kMaxListItems) throw Error::invalid(field, field + " holds at most " + std::to_string(kMaxListItems) + " items");
}

std::string at(const std::string& field, std::size_t i) { return field + "[" + std::to_string(i) + "]"; }

void check_age(const std::optional<int>& age, const std::string& field) {
  if (age && (*age < 0 || *age > 120)) throw Error::invalid(field, field + " must be an age from 0 to 120");
}

void check_ages(const std::optional<int>& min, const std::optional<int>& max, const std::string& field) {
  check_age(min, field + ".min_age");
  check_age(max, field + ".max_age");
  if (min && max && *min > *max) throw Error::invalid(field + ".max_age", field + ".max_age is below min_age");
}

template <class T>
void put(json& j, const char* key, const std::optional<T>& v) {
  if (v) j[key] = *v;
}

template <class T>
std::optional<T> get(const json& j, const char* key) {
  if (auto it = j.find(key); it != j.end() && !it->is_null()) return it->get<T>();
  return std::nullopt;
}

json parsed(const std::string& text) {
  auto j = json::parse(text, nullptr, false);
  return j.is_discarded() ? json() : j;
}

}  // namespace

void check_event_type(std::string_view type) { check_in(event_types(), type, "type"); }
void check_visibility(std::string_view visibility) { check_in({"public", "unlisted"}, visibility, "visibility"); }
void check_status(std::string_view status) { check_in(event_statuses(), status, "status"); }
void check_result_kind(std::string_view kind) { check_in(kResultKinds, kind, "result_kind"); }

bool is_status_step(std::string_view from, std::string_view to) {
  if (to == "cancelled") return from != "finished" && from != "cancelled";
  if (from == "draft") return to == "published";
  if (from == "published") return to == "registration_open" || to == "in_progress";
  if (from == "registration_open") return to == "in_progress";
  if (from == "in_progress") return to == "finished";
  return false;
}

void check_currency(std::string_view currency) {
  if (currency.size() != 3 || !std::all_of(currency.begin(), currency.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
    throw Error::invalid("currency", "currency must be an ISO 4217 code of three capital letters, such as EUR");
}

EventPlace checked_place(const EventPlace& p) {
  EventPlace out;
  if (p.name && !p.name->empty()) out.name = text::one_line(*p.name, "place.name", kMaxShort);
  if (p.address && !p.address->empty()) out.address = text::free_text(*p.address, "place.address", 500);
  if (p.latitude.has_value() != p.longitude.has_value())
    throw Error::invalid("place.latitude", "give both place.latitude and place.longitude, or neither");
  if (p.latitude && (!std::isfinite(*p.latitude) || std::fabs(*p.latitude) > 90))
    throw Error::invalid("place.latitude", "place.latitude must be from -90 to 90");
  if (p.longitude && (!std::isfinite(*p.longitude) || std::fabs(*p.longitude) > 180))
    throw Error::invalid("place.longitude", "place.longitude must be from -180 to 180");
  out.latitude = p.latitude;
  out.longitude = p.longitude;
  return out;
}

EventAudience checked_audience(const EventAudience& a) {
  EventAudience out;
  check_count(a.genders.size(), "audience.genders");
  check_count(a.levels.size(), "audience.levels");
  for (std::size_t i = 0; i < a.genders.size(); ++i) check_in(kGenders, a.genders[i], at("audience.genders", i));
  for (std::size_t i = 0; i < a.levels.size(); ++i) check_in(athlete_levels(), a.levels[i], at("audience.levels", i));
  check_ages(a.min_age, a.max_age, "audience");
  out = a;
  std::sort(out.genders.begin(), out.genders.end());
  out.genders.erase(std::unique(out.genders.begin(), out.genders.end()), out.genders.end());
  std::sort(out.levels.begin(), out.levels.end());
  out.levels.erase(std::unique(out.levels.begin(), out.levels.end()), out.levels.end());
  return out;
}

EventRequirements checked_requirements(const EventRequirements& r) {
  EventRequirements out;
  out.medical_certificate = r.medical_certificate;
  check_count(r.equipment.size(), "requirements.equipment");
  for (std::size_t i = 0; i < r.equipment.size(); ++i)
    out.equipment.push_back(text::one_line(r.equipment[i], at("requirements.equipment", i), kMaxShort));
  return out;
}

std::vector<ScheduleItem> checked_schedule(std::vector<ScheduleItem> s) {
  check_count(s.size(), "schedule");
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto& item = s[i];
    item.title = text::one_line(item.title, at("schedule", i) + ".title", kMaxShort);
    if (item.description) item.description = text::free_text(*item.description, at("schedule", i) + ".description", 2000);
    if (item.ends_at && *item.ends_at < item.starts_at)
      throw Error::invalid(at("schedule", i) + ".ends_at", at("schedule", i) + ".ends_at is before its starts_at");
  }
  std::stable_sort(s.begin(), s.end(), [](auto& a, auto& b) { return a.starts_at < b.starts_at; });
  return s;
}

std::vector<Award> checked_awards(std::vector<Award> awards) {
  check_count(awards.size(), "awards");
  for (std::size_t i = 0; i < awards.size(); ++i) {
    auto& a = awards[i];
    a.title = text::one_line(a.title, at("awards", i) + ".title", kMaxShort);
    if (a.place && (*a.place < 1 || *a.place > 1000))
      throw Error::invalid(at("awards", i) + ".place", at("awards", i) + ".place must be from 1 to 1000");
    if (a.category) a.category = text::one_line(*a.category, at("awards", i) + ".category", 40);
    if (a.prize) a.prize = text::one_line(*a.prize, at("awards", i) + ".prize", kMaxShort);
  }
  return awards;
}

std::vector<AgeFee> checked_age_fees(std::vector<AgeFee> fees) {
  check_count(fees.size(), "age_fees");
  for (std::size_t i = 0; i < fees.size(); ++i) {
    check_ages(fees[i].min_age, fees[i].max_age, at("age_fees", i));
    if (!fees[i].min_age && !fees[i].max_age)
      throw Error::invalid(at("age_fees", i), at("age_fees", i) + " needs a min_age or a max_age");
    if (fees[i].fee_minor < 0) throw Error::invalid(at("age_fees", i) + ".fee_minor", "a fee is not negative");
  }
  return fees;
}

std::vector<RankingCategory> checked_categories(std::vector<RankingCategory> categories) {
  check_count(categories.size(), "categories");
  for (std::size_t i = 0; i < categories.size(); ++i) {
    auto& c = categories[i];
    const auto field = at("categories", i);
    c.code = text::one_line(c.code, field + ".code", 20);
    if (c.gender) check_in(kGenders, *c.gender, field + ".gender");
    check_ages(c.min_age, c.max_age, field);
    for (std::size_t j = 0; j < i; ++j)
      if (text::text_key(categories[j].code) == text::text_key(c.code))
        throw Error::invalid(field + ".code", "two categories are called " + c.code);
  }
  return categories;
}

std::string audience_text(const EventAudience& a) {
  json j{{"genders", a.genders}, {"levels", a.levels}};
  put(j, "min_age", a.min_age);
  put(j, "max_age", a.max_age);
  return j.dump();
}

EventAudience audience_of(const std::string& text) {
  const auto j = parsed(text);
  EventAudience a;
  if (!j.is_object()) return a;
  a.genders = j.value("genders", std::vector<std::string>{});
  a.levels = j.value("levels", std::vector<std::string>{});
  a.min_age = get<int>(j, "min_age");
  a.max_age = get<int>(j, "max_age");
  return a;
}

std::string requirements_text(const EventRequirements& r) {
  return json{{"medical_certificate", r.medical_certificate}, {"equipment", r.equipment}}.dump();
}

EventRequirements requirements_of(const std::string& text) {
  const auto j = parsed(text);
  EventRequirements r;
  if (!j.is_object()) return r;
  r.medical_certificate = j.value("medical_certificate", false);
  r.equipment = j.value("equipment", std::vector<std::string>{});
  return r;
}

std::string schedule_text(const std::vector<ScheduleItem>& s) {
  json out = json::array();
  for (const auto& item : s) {
    json j{{"starts_at", item.starts_at}, {"title", item.title}};
    put(j, "ends_at", item.ends_at);
    put(j, "description", item.description);
    out.push_back(std::move(j));
  }
  return out.dump();
}

std::vector<ScheduleItem> schedule_of(const std::string& text) {
  std::vector<ScheduleItem> out;
  for (const auto& j : parsed(text))
    out.push_back({j.value("starts_at", std::int64_t{0}), get<std::int64_t>(j, "ends_at"), j.value("title", ""),
                   get<std::string>(j, "description")});
  return out;
}

std::string awards_text(const std::vector<Award>& awards) {
  json out = json::array();
  for (const auto& a : awards) {
    json j{{"title", a.title}};
    put(j, "place", a.place);
    put(j, "category", a.category);
    put(j, "prize", a.prize);
    out.push_back(std::move(j));
  }
  return out.dump();
}

std::vector<Award> awards_of(const std::string& text) {
  std::vector<Award> out;
  for (const auto& j : parsed(text))
    out.push_back({j.value("title", ""), get<int>(j, "place"), get<std::string>(j, "category"), get<std::string>(j, "prize")});
  return out;
}

std::string age_fees_text(const std::vector<AgeFee>& fees) {
  json out = json::array();
  for (const auto& f : fees) {
    json j{{"fee_minor", f.fee_minor}};
    put(j, "min_age", f.min_age);
    put(j, "max_age", f.max_age);
    out.push_back(std::move(j));
  }
  return out.dump();
}

std::vector<AgeFee> age_fees_of(const std::string& text) {
  std::vector<AgeFee> out;
  for (const auto& j : parsed(text))
    out.push_back({get<int>(j, "min_age"), get<int>(j, "max_age"), j.value("fee_minor", std::int64_t{0})});
  return out;
}

std::string categories_text(const std::vector<RankingCategory>& categories) {
  json out = json::array();
  for (const auto& c : categories) {
    json j{{"code", c.code}};
    put(j, "gender", c.gender);
    put(j, "min_age", c.min_age);
    put(j, "max_age", c.max_age);
    out.push_back(std::move(j));
  }
  return out.dump();
}

std::vector<RankingCategory> categories_of(const std::string& text) {
  std::vector<RankingCategory> out;
  for (const auto& j : parsed(text))
    out.push_back({j.value("code", ""), get<std::string>(j, "gender"), get<int>(j, "min_age"), get<int>(j, "max_age")});
  return out;
}

}  // namespace events
}  // namespace fitkit
