// Training zones and training load, as coaches compute them: heart-rate zones by heart-rate
// reserve (Karvonen), power zones from FTP (Coggan's seven), TRIMP per workout (Banister),
// and fitness / fatigue / form over days (the 42- and 7-day exponentially weighted loads
// TrainingPeaks charts as CTL, ATL and TSB).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "workouts/track_stats.hpp"

namespace fitkit::workouts {

// Upper bounds of the five heart-rate zones (50–60–70–80–90–100 % of the reserve above rest),
// for time_in_zones: below 50 % of the reserve counts as zone 0 (no zone).
// Throws Error(invalid_argument) unless 0 < resting < max <= 250.
std::vector<double> heart_rate_zone_bounds(double resting_bpm, double max_bpm);

// Upper bounds of Coggan's seven power zones from FTP: 55, 75, 90, 105, 120, 150 % (zone 7
// is everything above). Throws Error(invalid_argument) unless 0 < ftp <= 2000.
std::vector<double> power_zone_bounds(double ftp_w);

enum class TrimpSex { male, female };  // Banister's weighting differs

// Banister's TRIMP over the samples' heart rate: for each stretch between samples, minutes ×
// HRr × a·e^(b·HRr), with HRr the fraction of the heart-rate reserve (0..1), a = 0.64 and
// b = 1.92 (male) or 0.86 and 1.67 (female). Empty when no sample has a heart rate.
std::optional<double> trimp(std::span<const TrackSample> samples, double resting_bpm, double max_bpm, TrimpSex sex);

// The same from a workout's average heart rate and duration, when there is no track.
double trimp_from_average(double minutes, double avg_bpm, double resting_bpm, double max_bpm, TrimpSex sex);

struct DailyLoad {
  std::string date;  // YYYY-MM-DD
  double load = 0;   // the day's TRIMP (or any other load), summed
};

struct FitnessDay {
  std::string date;
  double load = 0;
  double fitness = 0;  // CTL: 42-day exponentially weighted load
  double fatigue = 0;  // ATL: 7-day
  double form = 0;     // TSB: yesterday's fitness minus yesterday's fatigue
};

// One row per calendar day from `from` to `to` (inclusive, YYYY-MM-DD), each load counted on
// its day; days before `from` still build up fitness and fatigue. Loads need not be sorted;
// a date outside the calendar is invalid_argument. At most 20 years of days.
std::vector<FitnessDay> fitness_fatigue_form(std::span<const DailyLoad> loads, const std::string& from,
                                             const std::string& to);

}  // namespace fitkit::workouts
