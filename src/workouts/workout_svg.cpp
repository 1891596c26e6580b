#include "workouts/workout_svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>
#include <optional>
#include <vector>

namespace fitkit::workouts {
namespace {

constexpr double kWidth = 600, kHeight = 400, kMargin = 20;
constexpr double kProfileHeight = 240, kPlotLeft = 50, kPlotRight = 550, kPlotTop = 20, kPlotBottom = 200;
// More points than this are thinned: the picture cannot show them, and the file stays small.
constexpr std::size_t kMaxDrawnPoints = 2000;

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string header(double width, double height) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(width) +
         "\" height=\"" + num(height) + "\" viewBox=\"0 0 " + num(width) + " " + num(height) + "\">\n";
}

std::string message_svg(double height, const char* text) {
  return header(kWidth, height) + "<text x=\"" + num(kWidth / 2) + "\" y=\"" + num(height / 2) +
         "\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"14\" fill=\"#666\">" + text +
         "</text>\n</svg>\n";
}

std::size_t stride_for(std::size_t n) { return std::max<std::size_t>(1, (n + kMaxDrawnPoints - 1) / kMaxDrawnPoints); }

struct Range {
  double lo = std::numeric_limits<double>::infinity(), hi = -std::numeric_limits<double>::infinity();
  void add(double v) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  bool empty() const { return lo > hi; }
  double span() const { return hi - lo > 1e-9 ? hi - lo : 1; }
};

}  // namespace

std::string draw_route_svg(std::span<const formats::TrackPoint> points, std::span<const std::size_t> segment_starts) {
  Range lat, lon;
  for (const auto& p : points)
    if (p.latitude && p.longitude) {
      lat.add(*p.latitude);
      lon.add(*p.longitude);
    }
  if (lat.empty()) return message_svg(kHeight, "No route recorded");
  const double shrink = std::cos((lat.lo + lat.hi) / 2 * std::numbers::pi / 180);
  const double w = std::max(lon.span() * shrink, 1e-9), h = std::max(lat.span(), 1e-9);
  const double scale = std::min((kWidth - 2 * kMargin) / w, (kHeight - 2 * kMargin) / h);
  const double ox = (kWidth - w * scale) / 2, oy = (kHeight - h * scale) / 2;
  auto x = [&](double lo_deg) { return ox + (lo_deg - lon.lo) * shrink * scale; };
  auto y = [&](double la_deg) { return kHeight - oy - (la_deg - lat.lo) * scale; };

  std::string svg = header(kWidth, kHeight) + "<rect width=\"100%\" height=\"100%\" fill=\"#fafafa\"/>\n";
  const auto stride = stride_for(points.size());
  std::size_t next_segment = 0;
  std::string path;
  std::optional<std::pair<double, double>> first, last;
  bool pen_down = false;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const bool breaks = next_segment < segment_starts.size() && segment_starts[next_segment] == i;
    if (breaks) {
      ++next_segment;
      pen_down = false;
    }
    const auto& p = points[i];
    if (!p.latitude || !p.longitude) continue;
    const bool keep = i % stride == 0 || i + 1 == points.size() || !pen_down;
    if (!keep) continue;
    path += (pen_down ? " L" : " M") + num(x(*p.longitude)) + " " + num(y(*p.latitude));
    pen_down = true;
    if (!first) first = {x(*p.longitude), y(*p.latitude)};
    last = {x(*p.longitude), y(*p.latitude)};
  }
  svg += "<path d=\"" + path.substr(1) +
         "\" fill=\"none\" stroke=\"#e4572e\" stroke-width=\"3\" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>\n";
  svg += "<circle cx=\"" + num(first->first) + "\" cy=\"" + num(first->second) +
         "\" r=\"6\" fill=\"#2e7d32\"><title>Start</title></circle>\n";
  svg += "<circle cx=\"" + num(last->first) + "\" cy=\"" + num(last->second) +
         "\" r=\"6\" fill=\"#212121\"><title>Finish</title></circle>\n";
  return svg + "</svg>\n";
}

std::string draw_profile_svg(std::span<const formats::TrackPoint> points, std::span<const double> distance_m) {
  Range dist, ele, hr;
  for (std::size_t i = 0; i < points.size() && i < distance_m.size(); ++i) {
    dist.add(distance_m[i]);
    if (points[i].elevation_m) ele.add(*points[i].elevation_m);
    if (points[i].heart_rate_bpm) hr.add(*points[i].heart_rate_bpm);
  }
  if (dist.empty() || dist.hi <= 0 || (ele.empty() && hr.empty()))
    return message_svg(kProfileHeight, "No elevation or heart rate recorded");
  auto x = [&](double d) { return kPlotLeft + (d - dist.lo) / dist.span() * (kPlotRight - kPlotLeft); };
  auto y = [&](double v, const Range& r) { return kPlotBottom - (v - r.lo) / r.span() * (kPlotBottom - kPlotTop); };
  const auto stride = stride_for(points.size());

  std::string svg = header(kWidth, kProfileHeight) + "<rect width=\"100%\" height=\"100%\" fill=\"#fafafa\"/>\n";
  auto line = [&](auto value_of, const Range& r, bool area) {
    std::string d;
    double first_x = 0, last_x = 0;
    for (std::size_t i = 0; i < points.size() && i < distance_m.size(); i += stride) {
      auto v = value_of(points[i]);
      if (!v) continue;
      if (d.empty()) first_x = x(distance_m[i]);
      last_x = x(distance_m[i]);
      d += (d.empty() ? "M" : " L") + num(last_x) + " " + num(y(*v, r));
    }
    if (area && !d.empty()) d += " L" + num(last_x) + " " + num(kPlotBottom) + " L" + num(first_x) + " " + num(kPlotBottom) + " Z";
    return d;
  };
  if (!ele.empty())
    svg += "<path d=\"" + line([](const formats::TrackPoint& p) { return p.elevation_m; }, ele, true) +
           "\" fill=\"#90a4ae\" stroke=\"#546e7a\" stroke-width=\"1\"><title>Elevation</title></path>\n"
           "<text x=\"5\" y=\"" + num(kPlotTop + 10) + "\" font-family=\"sans-serif\" font-size=\"11\" fill=\"#546e7a\">" +
           num(ele.hi) + " m</text>\n<text x=\"5\" y=\"" + num(kPlotBottom) +
           "\" font-family=\"sans-serif\" font-size=\"11\" fill=\"#546e7a\">" + num(ele.lo) + " m</text>\n";
  if (!hr.empty())
    svg += "<path d=\"" + line([](const formats::TrackPoint& p) { return p.heart_rate_bpm; }, hr, false) +
           "\" fill=\"none\" stroke=\"#d32f2f\" stroke-width=\"1.5\"><title>Heart rate</title></path>\n"
           "<text x=\"" + num(kPlotRight + 5) + "\" y=\"" + num(kPlotTop + 10) +
           "\" font-family=\"sans-serif\" font-size=\"11\" fill=\"#d32f2f\">" + num(hr.hi) + " bpm</text>\n<text x=\"" +
           num(kPlotRight + 5) + "\" y=\"" + num(kPlotBottom) +
           "\" font-family=\"sans-serif\" font-size=\"11\" fill=\"#d32f2f\">" + num(hr.lo) + " bpm</text>\n";
  svg += "<line x1=\"" + num(kPlotLeft) + "\" y1=\"" + num(kPlotBottom) + "\" x2=\"" + num(kPlotRight) + "\" y2=\"" +
         num(kPlotBottom) + "\" stroke=\"#333\"/>\n<text x=\"" + num(kPlotRight) + "\" y=\"" + num(kPlotBottom + 20) +
         "\" text-anchor=\"end\" font-family=\"sans-serif\" font-size=\"11\">" + num(dist.hi / 1000) + " km</text>\n";
  return svg + "</svg>\n";
}

}  // namespace fitkit::workouts
