#include "training/exercise_rules.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "fitkit/error.hpp"
#include "core/text_rules.hpp"

namespace fitkit::training {
namespace {

constexpr std::array<std::string_view, 6> kCategories{"strength", "cardio", "plyometrics", "mobility", "stretching",
                                                      "balance"};
constexpr std::array<std::string_view, 19> kMuscles{
    "chest",   "upper_back", "lats",       "lower_back",  "shoulders", "biceps",    "triceps",
    "forearms", "abs",       "obliques",   "glutes",      "quadriceps", "hamstrings", "calves",
    "hip_flexors", "adductors", "abductors", "neck",      "full_body"};
constexpr std::array<std::string_view, 20> kEquipment{
    "barbell",     "dumbbell",       "kettlebell",     "machine",       "cable",          "resistance_band",
    "bench",       "pull_up_bar",    "parallel_bars",  "medicine_ball", "plyo_box",       "mat",
    "foam_roller", "stability_ball", "suspension_trainer", "jump_rope", "rowing_machine", "bike",
    "treadmill",   "sled"};

constexpr std::size_t kMaxName = 80, kMaxDescription = 2000, kMaxUrl = 500;
constexpr std::size_t kMaxMuscles = 6, kMaxEquipment = 5;

std::string joined(std::span<const std::string_view> list) {
  std::string out;
  for (auto v : list) out += (out.empty() ? "" : ", ") + std::string(v);
  return out;
}

std::vector<std::string> checked_list(const std::vector<std::string>& values, std::span<const std::string_view> list,
                                      std::string_view field, std::string_view what, std::size_t min, std::size_t max) {
  const std::string name(field);
  std::vector<std::string> out;
  for (const auto& v : values) {
    check_listed(v, list, field, what);
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  }
  if (out.size() < min) throw Error::invalid(name, name + " must name at least " + std::to_string(min) + " " + std::string(what));
  if (out.size() > max)
    throw Error::invalid(name, name + " must name at most " + std::to_string(max) + " " + std::string(what) + "s");
  return out;
}


}  // namespace

std::span<const std::string_view> exercise_categories() noexcept { return kCategories; }
std::span<const std::string_view> muscle_groups() noexcept { return kMuscles; }
std::span<const std::string_view> equipment_kinds() noexcept { return kEquipment; }

void check_listed(std::string_view value, std::span<const std::string_view> list, std::string_view field,
                  std::string_view what) {
  if (std::find(list.begin(), list.end(), value) != list.end()) return;
  const std::string name(field);
  throw Error::invalid(name, name + ": '" + std::string(value.substr(0, 40)) + "' is not a " + std::string(what) +
                                 "; use one of " + joined(list));
}

Exercise checked_exercise(const ExerciseFields& f, const Exercise* current) {
  Exercise e = current ? *current : Exercise{};
  if (!current) {
    if (!f.name) throw Error::invalid("name", "name is required");
    if (!f.category) throw Error::invalid("category", "category is required: one of " + joined(kCategories));
    if (!f.muscle_groups) throw Error::invalid("muscle_groups", "muscle_groups is required: one or more of " + joined(kMuscles));
  }
  if (f.name) {
    e.name = text::one_line(*f.name, "name", kMaxName);
    if (text::text_key(e.name).size() > 255) throw Error::invalid("name", "name is too long");
  }
  if (f.category) {
    check_listed(*f.category, kCategories, "category", "category");
    e.category = *f.category;
  }
  if (f.muscle_groups) e.muscle_groups = checked_list(*f.muscle_groups, kMuscles, "muscle_groups", "muscle group", 1, kMaxMuscles);
  if (f.equipment) e.equipment = checked_list(*f.equipment, kEquipment, "equipment", "equipment kind", 0, kMaxEquipment);
  if (f.description) {
    auto d = text::free_text(*f.description, "description", kMaxDescription);
    e.description = d.empty() ? std::nullopt : std::optional<std::string>(std::move(d));
  }
  if (f.video_url) e.video_url = f.video_url->empty() ? std::nullopt : std::optional<std::string>(text::https_url(*f.video_url, "video_url", kMaxUrl));
  return e;
}

}  // namespace fitkit::training
