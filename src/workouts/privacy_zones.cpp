#include "workouts/privacy_zones.hpp"

#include <GeographicLib/Geodesic.hpp>

#include <cmath>
#include <string>

#include "fitkit/error.hpp"

namespace fitkit::workouts {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kMetresPerDegree = 111320.0;  // at the equator: an upper bound for the quick test

bool inside(const GeographicLib::Geodesic& wgs84, const PrivacyZone& zone, double lat, double lon) {
  // A quick rejection on a box a little larger than the circle, then the geodesic distance.
  const double dlat_m = std::abs(lat - zone.latitude) * kMetresPerDegree;
  if (dlat_m > zone.radius_m * 1.01 + 1) return false;
  const double lon_scale = std::max(std::cos(zone.latitude * kPi / 180.0), 1e-6) * kMetresPerDegree;
  double dlon = std::abs(lon - zone.longitude);
  if (dlon > 180) dlon = 360 - dlon;
  if (dlon * lon_scale > zone.radius_m * 1.05 + 1) return false;
  double metres = 0;
  wgs84.Inverse(zone.latitude, zone.longitude, lat, lon, metres);
  return metres <= zone.radius_m;
}

}  // namespace

void check_privacy(const TrackPrivacy& privacy) {
  for (std::size_t i = 0; i < privacy.zones.size(); ++i) {
    const PrivacyZone& z = privacy.zones[i];
    const std::string field = "privacy_zones[" + std::to_string(i) + "]";
    if (!(std::abs(z.latitude) <= 90) || !(std::abs(z.longitude) <= 180))
      throw Error::invalid(field, "a privacy zone's centre must be a latitude of -90..90 and a longitude of -180..180");
    if (!(z.radius_m >= kPrivacyZoneMinRadiusM && z.radius_m <= kPrivacyZoneMaxRadiusM))
      throw Error::invalid(field, "a privacy zone's radius must be 100 to 1000 m");
  }
  if (!(privacy.hide_start_m >= 0 && privacy.hide_start_m <= kHideEndsMaxM))
    throw Error::invalid("hide_start_m", "the hidden start must be 0 to 2000 m");
  if (!(privacy.hide_end_m >= 0 && privacy.hide_end_m <= kHideEndsMaxM))
    throw Error::invalid("hide_end_m", "the hidden end must be 0 to 2000 m");
}

std::vector<TrackSample> public_track(std::span<const TrackSample> samples, std::span<const double> cumulative_m,
                                      const TrackPrivacy& privacy) {
  std::vector<TrackSample> out;
  if (samples.empty()) return out;
  const GeographicLib::Geodesic& wgs84 = GeographicLib::Geodesic::WGS84();
  const double total = cumulative_m.size() == samples.size() ? cumulative_m.back() : 0;
  bool gap = false;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const TrackSample& s = samples[i];
    const double along = cumulative_m.size() == samples.size() ? cumulative_m[i] : 0;
    bool hidden = along < privacy.hide_start_m || total - along < privacy.hide_end_m;
    if (!hidden && s.latitude && s.longitude)
      for (const PrivacyZone& z : privacy.zones)
        if (inside(wgs84, z, *s.latitude, *s.longitude)) {
          hidden = true;
          break;
        }
    if (hidden) {
      gap = true;
      continue;
    }
    out.push_back(s);
    if (gap && out.size() > 1) out.back().starts_segment = true;
    if (out.size() == 1) out.back().starts_segment = false;
    gap = false;
  }
  return out;
}

}  // namespace fitkit::workouts
