// What a stored track adds to a workout: its numbers (distance, moving time, ascent, ...), its
// best efforts for personal records, and the summary a device wrote where the track is silent.
#pragma once

#include <span>
#include <vector>

#include "fitkit/workouts.hpp"
#include "formats/activity.hpp"
#include "workouts/sports.hpp"
#include "workouts/track_codec.hpp"
#include "workouts/track_stats.hpp"
#include "workouts/workout_store.hpp"

namespace fitkit::workouts {

// The samples the computations take, a segment start marked where the track pauses.
std::vector<TrackSample> to_samples(const StoredTrack& track);

struct TrackFigures {
  TrackStats stats;
  std::vector<Effort> efforts;  // time_<metres>m (seconds), power_<seconds>s (watts)
  std::optional<double> avg_cadence, max_cadence;
};
TrackFigures track_figures(const StoredTrack& track, std::span<const TrackSample> samples, const Sport& sport);

// Sets the workout's numbers from the track (distance only for a sport that has one).
void apply_track_figures(Workout& w, const TrackFigures& figures, const Sport& sport);
// Fills what is still empty from a device's summary (a FIT session, a TCX activity's laps).
void apply_summary(Workout& w, const formats::Summary& summary);
// Average speed from distance and moving (else elapsed) time.
void derive_average_speed(Workout& w);

}  // namespace fitkit::workouts
