#include "workouts/sports.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace fitkit::workouts {
namespace {

using F = SportFamily;

constexpr std::array kSports{
    Sport{"run", "Run", F::running, true, true},
    Sport{"trail_run", "Trail run", F::running, true, true},
    Sport{"treadmill_run", "Treadmill run", F::running, true, false},
    Sport{"track_run", "Track run", F::running, true, true},
    Sport{"virtual_run", "Virtual run", F::running, true, false},
    Sport{"walk", "Walk", F::walking, true, true},
    Sport{"hike", "Hike", F::walking, true, true},
    Sport{"mountaineering", "Mountaineering", F::walking, true, true},
    Sport{"ride", "Ride", F::cycling, true, true},
    Sport{"mountain_bike", "Mountain bike ride", F::cycling, true, true},
    Sport{"gravel_ride", "Gravel ride", F::cycling, true, true},
    Sport{"e_bike_ride", "E-bike ride", F::cycling, true, true},
    Sport{"indoor_ride", "Indoor ride", F::cycling, true, false},
    Sport{"virtual_ride", "Virtual ride", F::cycling, true, false},
    Sport{"pool_swim", "Pool swim", F::swimming, true, false},
    Sport{"open_water_swim", "Open-water swim", F::swimming, true, true},
    Sport{"row", "Row", F::paddling, true, true},
    Sport{"indoor_row", "Indoor row", F::paddling, true, false},
    Sport{"kayak", "Kayak", F::paddling, true, true},
    Sport{"canoe", "Canoe", F::paddling, true, true},
    Sport{"stand_up_paddle", "Stand-up paddle", F::paddling, true, true},
    Sport{"alpine_ski", "Alpine ski", F::winter, true, true},
    Sport{"backcountry_ski", "Backcountry ski", F::winter, true, true},
    Sport{"cross_country_ski", "Cross-country ski", F::winter, true, true},
    Sport{"snowboard", "Snowboard", F::winter, true, true},
    Sport{"snowshoe", "Snowshoe", F::winter, true, true},
    Sport{"ice_skate", "Ice skate", F::winter, true, true},
    Sport{"inline_skate", "Inline skate", F::winter, true, true},
    Sport{"strength", "Strength training", F::fitness, false, false},
    Sport{"hiit", "HIIT", F::fitness, false, false},
    Sport{"crossfit", "CrossFit-style training", F::fitness, false, false},
    Sport{"yoga", "Yoga", F::fitness, false, false},
    Sport{"pilates", "Pilates", F::fitness, false, false},
    Sport{"elliptical", "Elliptical", F::fitness, true, false},
    Sport{"stair_climber", "Stair climber", F::fitness, false, false},
    Sport{"dance", "Dance", F::fitness, false, false},
    Sport{"martial_arts", "Martial arts and boxing", F::fitness, false, false},
    Sport{"climbing", "Rock climbing", F::climbing, false, false},
    Sport{"indoor_climbing", "Indoor climbing", F::climbing, false, false},
    Sport{"bouldering", "Bouldering", F::climbing, false, false},
    Sport{"football", "Football (soccer)", F::team, true, false},
    Sport{"basketball", "Basketball", F::team, false, false},
    Sport{"tennis", "Tennis", F::team, false, false},
    Sport{"badminton", "Badminton", F::team, false, false},
    Sport{"golf", "Golf", F::other, true, true},
    Sport{"other", "Other", F::other, true, true},
};

// Lower case, with spaces and hyphens as underscores: "Mountain Bike Ride" → "mountain_bike_ride".
std::string normalized(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == ' ' || c == '-') c = '_';
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

struct Alias {
  std::string_view from;
  std::string_view to;
};

std::optional<std::string_view> lookup(std::span<const Alias> table, std::string_view key) {
  for (const Alias& a : table)
    if (a.from == key) return a.to;
  return std::nullopt;
}

// FIT sub_sport names (Garmin's profile) that decide on their own.
constexpr Alias kFitSubSports[] = {
    {"trail", "trail_run"},
    {"treadmill", "treadmill_run"},
    {"track", "track_run"},
    {"virtual_activity", "virtual_ride"},  // refined below for running
    {"mountain", "mountain_bike"},
    {"downhill", "mountain_bike"},
    {"gravel_cycling", "gravel_ride"},
    {"e_bike_fitness", "e_bike_ride"},
    {"e_bike_mountain", "e_bike_ride"},
    {"indoor_cycling", "indoor_ride"},
    {"spin", "indoor_ride"},
    {"lap_swimming", "pool_swim"},
    {"open_water", "open_water_swim"},
    {"indoor_rowing", "indoor_row"},
    {"strength_training", "strength"},
    {"cardio_training", "hiit"},
    {"hiit", "hiit"},
    {"yoga", "yoga"},
    {"pilates", "pilates"},
    {"elliptical", "elliptical"},
    {"stair_climbing", "stair_climber"},
    {"indoor_climbing", "indoor_climbing"},
    {"bouldering", "bouldering"},
    {"backcountry", "backcountry_ski"},
    {"skate_skiing", "cross_country_ski"},
};

// Sport names of FIT, TCX and GPX files (and of other trackers' exports).
constexpr Alias kFileSports[] = {
    {"running", "run"},
    {"run", "run"},
    {"walking", "walk"},
    {"walk", "walk"},
    {"hiking", "hike"},
    {"hike", "hike"},
    {"mountaineering", "mountaineering"},
    {"cycling", "ride"},
    {"biking", "ride"},
    {"bike", "ride"},
    {"ride", "ride"},
    {"e_biking", "e_bike_ride"},
    {"swimming", "pool_swim"},
    {"swim", "pool_swim"},
    {"rowing", "row"},
    {"kayaking", "kayak"},
    {"paddling", "canoe"},
    {"stand_up_paddleboarding", "stand_up_paddle"},
    {"alpine_skiing", "alpine_ski"},
    {"cross_country_skiing", "cross_country_ski"},
    {"snowboarding", "snowboard"},
    {"snowshoeing", "snowshoe"},
    {"ice_skating", "ice_skate"},
    {"inline_skating", "inline_skate"},
    {"training", "strength"},
    {"fitness_equipment", "elliptical"},
    {"hiit", "hiit"},
    {"yoga", "yoga"},
    {"dance", "dance"},
    {"boxing", "martial_arts"},
    {"rock_climbing", "climbing"},
    {"climbing", "climbing"},
    {"soccer", "football"},
    {"football", "football"},
    {"basketball", "basketball"},
    {"tennis", "tennis"},
    {"badminton", "badminton"},
    {"golf", "golf"},
    {"other", "other"},
    {"generic", "other"},
};

// Strava's activity types, as the account export's activities.csv spells them.
constexpr Alias kStravaTypes[] = {
    {"run", "run"},
    {"trail_run", "trail_run"},
    {"virtual_run", "virtual_run"},
    {"walk", "walk"},
    {"hike", "hike"},
    {"ride", "ride"},
    {"mountain_bike_ride", "mountain_bike"},
    {"mountainbikeride", "mountain_bike"},
    {"gravel_ride", "gravel_ride"},
    {"gravelride", "gravel_ride"},
    {"e_bike_ride", "e_bike_ride"},
    {"ebikeride", "e_bike_ride"},
    {"e_mountain_bike_ride", "e_bike_ride"},
    {"virtual_ride", "virtual_ride"},
    {"virtualride", "virtual_ride"},
    {"virtualrun", "virtual_run"},
    {"trailrun", "trail_run"},
    {"swim", "pool_swim"},
    {"rowing", "row"},
    {"kayaking", "kayak"},
    {"canoeing", "canoe"},
    {"stand_up_paddling", "stand_up_paddle"},
    {"standuppaddling", "stand_up_paddle"},
    {"alpine_ski", "alpine_ski"},
    {"alpineski", "alpine_ski"},
    {"backcountry_ski", "backcountry_ski"},
    {"backcountryski", "backcountry_ski"},
    {"nordic_ski", "cross_country_ski"},
    {"nordicski", "cross_country_ski"},
    {"snowboard", "snowboard"},
    {"snowshoe", "snowshoe"},
    {"ice_skate", "ice_skate"},
    {"iceskate", "ice_skate"},
    {"inline_skate", "inline_skate"},
    {"inlineskate", "inline_skate"},
    {"weight_training", "strength"},
    {"weighttraining", "strength"},
    {"high_intensity_interval_training", "hiit"},
    {"highintensityintervaltraining", "hiit"},
    {"crossfit", "crossfit"},
    {"yoga", "yoga"},
    {"pilates", "pilates"},
    {"elliptical", "elliptical"},
    {"stair_stepper", "stair_climber"},
    {"stairstepper", "stair_climber"},
    {"rock_climbing", "climbing"},
    {"rockclimbing", "climbing"},
    {"soccer", "football"},
    {"basketball", "basketball"},
    {"tennis", "tennis"},
    {"badminton", "badminton"},
    {"golf", "golf"},
    {"dance", "dance"},
    {"workout", "other"},
};

}  // namespace

std::string_view to_string(SportFamily family) noexcept {
  switch (family) {
    case F::running: return "running";
    case F::walking: return "walking";
    case F::cycling: return "cycling";
    case F::swimming: return "swimming";
    case F::paddling: return "paddling";
    case F::winter: return "winter";
    case F::fitness: return "fitness";
    case F::climbing: return "climbing";
    case F::team: return "team";
    case F::other: return "other";
  }
  return "other";
}

std::span<const Sport> sports() noexcept { return kSports; }

const Sport* find_sport(std::string_view id) noexcept {
  const auto it = std::find_if(kSports.begin(), kSports.end(), [&](const Sport& s) { return s.id == id; });
  return it == kSports.end() ? nullptr : &*it;
}

double moving_speed_threshold(SportFamily family) noexcept {
  switch (family) {
    case F::running: return 1.0;   // 16:40 min/km: slower is standing or walking a break
    case F::walking: return 0.5;   // a slow hiking pace uphill
    case F::cycling: return 1.5;   // 5.4 km/h
    case F::swimming: return 0.2;
    case F::paddling: return 0.5;
    case F::winter: return 1.0;    // lifts and queues of alpine skiing stay moving: they move
    case F::fitness:
    case F::climbing:
    case F::team:
    case F::other: return 0.5;
  }
  return 0.5;
}

std::optional<std::string_view> sport_from_file(std::string_view sport, std::string_view sub_sport) noexcept {
  try {
    const std::string s = normalized(sport);
    const std::string sub = normalized(sub_sport);
    if (s == "running" && sub == "virtual_activity") return "virtual_run";
    if (s == "running" && sub == "indoor_running") return "treadmill_run";
    if (auto by_sub = lookup(kFitSubSports, sub)) {
      // A sub-sport names a kind of its sport; "track" and "trail" only make sense for running.
      const bool running_only = *by_sub == "trail_run" || *by_sub == "treadmill_run" || *by_sub == "track_run";
      if (!running_only || s == "running" || s.empty()) return by_sub;
    }
    if (find_sport(s)) return find_sport(s)->id;
    return lookup(kFileSports, s);
  } catch (...) {
    return std::nullopt;  // out of memory for a few bytes: unknown
  }
}

std::optional<std::string_view> sport_from_strava(std::string_view type) noexcept {
  try {
    return lookup(kStravaTypes, normalized(type));
  } catch (...) {
    return std::nullopt;
  }
}

}  // namespace fitkit::workouts
