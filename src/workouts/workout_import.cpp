// Importing activity files: one FIT, GPX or TCX file (gzipped or not), or a ZIP of them, a
// Strava account export among them. Each file is parsed and computed outside any transaction,
// then stored in its own, so that one bad file leaves nothing behind and stops nothing else.
#include <algorithm>
#include <cmath>
#include <fstream>

#include "core/crypto.hpp"
#include "core/runtime.hpp"
#include "fitkit/error.hpp"
#include "fitkit/workouts.hpp"
#include "formats/byte_source.hpp"
#include "formats/zip_archive.hpp"
#include "workouts/activity_file.hpp"
#include "workouts/strava_export.hpp"
#include "workouts/workout_compute.hpp"
#include "workouts/workout_gear.hpp"
#include "workouts/workout_load.hpp"
#include "workouts/workout_rules.hpp"
#include "workouts/workout_store.hpp"

namespace fitkit {
namespace {

// The same activity from two sources starts within this of itself.
constexpr std::int64_t kSameStartToleranceMs = 60'000;
// One activity file inside an archive inflates to at most this.
constexpr std::uint64_t kMaxEntryBytes = 128ull << 20;

bool is_activity_name(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return std::tolower(ch); });
  if (lower.ends_with(".gz")) lower.resize(lower.size() - 3);
  return lower.ends_with(".fit") || lower.ends_with(".gpx") || lower.ends_with(".tcx");
}

std::string device_text(const formats::Device& d) {
  std::string text = d.manufacturer;
  if (!d.product.empty()) text += (text.empty() ? "" : " ") + d.product;
  return text.substr(0, 200);
}

std::vector<workouts::StoredLap> laps_of(const workouts::ParsedActivity& a) {
  std::vector<workouts::StoredLap> laps;
  for (const auto& l : a.laps) {
    if (!l.start_ms) continue;
    laps.push_back({*l.start_ms, l.elapsed_s, l.distance_m, l.avg_heart_rate_bpm, l.max_heart_rate_bpm,
                    l.avg_power_w});
  }
  return laps;
}

// What one file becomes before it is stored.
struct PreparedWorkout {
  Workout workout;
  workouts::StoredTrack track;
  std::vector<workouts::Effort> efforts;
  std::vector<workouts::StoredLap> laps;
  std::string gear_name;  // as the export names it
};

PreparedWorkout prepare(const workouts::ParsedActivity& a, const ImportOptions& options,
                        const workouts::StravaActivity* strava) {
  PreparedWorkout p;
  Workout& w = p.workout;
  w.source = "file";
  w.file_format = std::string(workouts::to_string(a.format));
  const auto device = device_text(a.device);
  if (!device.empty()) w.device = device;
  std::string sport = options.sport.value_or(strava && !strava->sport.empty() ? strava->sport : a.sport);
  if (sport.empty()) sport = "other";
  w.sport = workouts::require_sport(sport).id;
  const auto& info = *workouts::find_sport(w.sport);
  if (!a.track.points.empty()) {
    w.start_at = *a.track.points.front().time_ms;
  } else {
    w.start_at = *a.session->start_ms;
  }
  if (a.session && a.session->start_ms) w.start_at = std::min(w.start_at, *a.session->start_ms);
  const auto samples = workouts::to_samples(a.track);
  if (!samples.empty()) {
    const auto figures = workouts::track_figures(a.track, samples, info);
    workouts::apply_track_figures(w, figures, info);
    p.efforts = figures.efforts;
  }
  if (a.session) workouts::apply_summary(w, *a.session);
  if (!info.has_distance) w.distance_m.reset();
  workouts::derive_average_speed(w);
  if (strava) {
    if (!strava->name.empty()) w.title = strava->name.substr(0, workouts::kMaxTitleBytes);
    if (!strava->description.empty()) w.notes = strava->description.substr(0, workouts::kMaxNotesBytes);
    p.gear_name = strava->gear;
  }
  if (w.title.empty() && !a.name.empty()) w.title = a.name;
  p.track = a.track;
  p.laps = laps_of(a);
  return p;
}

// An earlier workout that this file repeats: the same bytes, or the same sport family starting
// within a minute (the same run from the watch and from another service).
std::optional<std::int64_t> find_duplicate(storage::Connection& c, std::int64_t user_id, const std::string& sha256,
                                           const Workout& w) {
  if (auto id = c.query_i64("SELECT id FROM workouts WHERE user_id = ? AND file_sha256 = ?", {user_id, sha256}))
    return id;
  const auto family = workouts::find_sport(w.sport)->family;
  std::optional<std::int64_t> found;
  c.query("SELECT id, sport FROM workouts WHERE user_id = ? AND start_at BETWEEN ? AND ?",
          {user_id, w.start_at - kSameStartToleranceMs, w.start_at + kSameStartToleranceMs},
          [&](const storage::Row& r) {
            const auto* other = workouts::find_sport(r.text(1));
            if (!found && other && other->family == family) found = r.i64(0);
          });
  return found;
}

class Importer {
 public:
  Importer(Runtime& rt, const Actor& actor, const ImportOptions& options) : rt_(rt), actor_(actor), options_(options) {
    auto c = rt_.db->acquire();
    time_zone_ = workouts::profile_time_zone(*c, actor.user_id);
    visibility_ = options.visibility.value_or(workouts::load_settings(*c, actor.user_id).default_visibility);
  }

  ImportedFile import_file(const std::string& name, std::string_view bytes, const workouts::StravaActivity* strava) {
    ImportedFile result{name, "failed", std::nullopt, {}};
    try {
      auto parsed = workouts::parse_activity_file(name, bytes);
      auto prepared = prepare(parsed, options_, strava);
      parsed = {};  // the points now live in prepared.track
      store(prepared, name, bytes, result);
    } catch (const Error& e) {
      if (e.code() != ErrorCode::invalid_argument && e.code() != ErrorCode::already_exists) throw;
      result.status = "failed";
      result.error = e.what();
    }
    return result;
  }

 private:
  void store(PreparedWorkout& p, const std::string& name, std::string_view bytes, ImportedFile& result) {
    const auto sha256 = crypto::hex(crypto::sha256(bytes));
    Workout& w = p.workout;
    w.user_id = actor_.user_id;
    w.time_zone = time_zone_;
    w.visibility = visibility_;
    w.file_name = name.substr(0, 255);
    if (w.title.empty()) w.title = workouts::default_title(*workouts::find_sport(w.sport), w.start_at, w.time_zone);

    auto c = rt_.db->acquire();
    storage::Transaction tx(*c);
    if (auto dup = find_duplicate(*c, actor_.user_id, sha256, w)) {
      result.status = "duplicate";
      result.workout_id = dup;
      return;
    }
    w.id = rt_.next_id();
    w.created_at = w.updated_at = rt_.now();
    const std::string blob = "workouts/" + format_id(IdKind::user, w.user_id) + "/" + format_id(IdKind::workout, w.id) +
                             "." + *w.file_format + (formats::looks_gzipped(bytes) ? ".gz" : "");
    workouts::compute_trimp(*c, w, workouts::to_samples(p.track), rt_.now());
    workouts::insert_workout(*c, w, sha256, blob);
    if (!p.track.points.empty()) workouts::store_track(*c, w.id, p.track);
    workouts::store_laps(*c, w.id, p.laps);
    workouts::store_efforts(*c, w, p.efforts);
    auto gear_ids = options_.gear_ids;
    if (!gear_ids && !p.gear_name.empty()) {
      if (auto id = workouts::named_gear(rt_, *c, w, p.gear_name)) gear_ids = std::vector<std::int64_t>{*id};
    }
    workouts::attach_gear(rt_, *c, w, gear_ids, true);
    // The original is written before the commit: a workout never lacks its file. Should the
    // commit fail, the file is taken back.
    rt_.blobs->put(blob, bytes);
    try {
      tx.commit();
    } catch (...) {
      rt_.blobs->remove(blob);
      throw;
    }
    result.status = "imported";
    result.workout_id = w.id;
  }

  Runtime& rt_;
  const Actor& actor_;
  const ImportOptions& options_;
  std::string time_zone_, visibility_;
};

void count(ImportSummary& summary, ImportedFile file) {
  if (file.status == "imported") ++summary.imported;
  else if (file.status == "duplicate") ++summary.duplicates;
  else ++summary.failed;
  summary.files.push_back(std::move(file));
}

void import_archive(Importer& importer, std::string_view file_name, formats::ZipArchive& zip,
                    const ImportOptions& options, ImportSummary& summary) {
  // A Strava account export: its activities.csv names the files and says what each one was.
  std::optional<workouts::StravaExport> strava;
  for (const auto& e : zip.entries())
    if (e.name == "activities.csv" || e.name.ends_with("/activities.csv"))
      strava = workouts::read_strava_activities(zip.read(e, kMaxEntryBytes), e.name);
  std::vector<const formats::ZipEntry*> files;
  for (const auto& e : zip.entries())
    if (is_activity_name(e.name) || !formats::is_safe_entry_name(e.name)) files.push_back(&e);
  std::size_t done = 0;
  for (const auto* e : files) {
    const std::string name = std::string(file_name) + ":" + e->name;
    if (!formats::is_safe_entry_name(e->name)) {
      count(summary, {name, "failed", std::nullopt, "a name that leaves the archive; skipped"});
    } else {
      try {
        const auto content = zip.read(*e, kMaxEntryBytes);
        const workouts::StravaActivity* meta = strava ? strava->find(e->name) : nullptr;
        count(summary, importer.import_file(name, content, meta));
      } catch (const Error& err) {
        if (err.code() != ErrorCode::invalid_argument) throw;
        count(summary, {name, "failed", std::nullopt, err.what()});
      }
    }
    if (options.progress) options.progress(++done, files.size(), e->name);
  }
  if (files.empty()) throw Error::invalid("file", std::string(file_name) + ": the archive holds no FIT, GPX or TCX file");
}

void check_options(const Actor& actor, const ImportOptions& options) {
  if (!actor.is_user()) throw Error::unauthenticated();
  if (options.sport) workouts::require_sport(*options.sport);
  if (options.visibility) workouts::require_visibility(*options.visibility);
}

std::string upload_name(std::string_view file_name) {
  return file_name.empty() ? std::string("upload") : std::string(file_name.substr(0, 255));
}

}  // namespace

ImportSummary WorkoutService::import_path(const Actor& actor, std::string_view file_name,
                                          const std::filesystem::path& path, const ImportOptions& options) {
  check_options(actor, options);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error::invalid("file", upload_name(file_name) + ": cannot be read");
  char head[4] = {};
  in.read(head, sizeof head);
  if (!formats::looks_zipped(std::string_view(head, static_cast<std::size_t>(in.gcount())))) {
    // One activity file: read whole, as an upload would be.
    in.clear();
    in.seekg(0);
    std::string bytes;
    char buffer[64 * 1024];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
      if (bytes.size() + static_cast<std::size_t>(in.gcount()) > kMaxEntryBytes)
        throw Error::invalid("file", upload_name(file_name) + ": larger than " + std::to_string(kMaxEntryBytes >> 20) +
                                         " MiB, too large for one activity");
      bytes.append(buffer, static_cast<std::size_t>(in.gcount()));
    }
    return import(actor, file_name, bytes, options);
  }
  in.close();
  // An archive: its entries are read from disk one at a time, whatever its size.
  Importer importer(rt_, actor, options);
  ImportSummary summary;
  formats::ZipArchive zip(formats::ZipArchive::OnDisk{}, path, "file");
  import_archive(importer, upload_name(file_name), zip, options, summary);
  return summary;
}

ImportSummary WorkoutService::import(const Actor& actor, std::string_view file_name, std::string_view bytes,
                                     const ImportOptions& options) {
  check_options(actor, options);
  const std::string name = upload_name(file_name);
  Importer importer(rt_, actor, options);
  ImportSummary summary;
  if (formats::looks_zipped(bytes)) {
    formats::ZipArchive zip(bytes, "file");
    import_archive(importer, name, zip, options, summary);
  } else {
    // One file: its failure is the answer.
    auto file = importer.import_file(name, bytes, nullptr);
    if (file.status == "failed") throw Error::invalid("file", file.error);
    count(summary, std::move(file));
    if (options.progress) options.progress(1, 1, name);
  }
  return summary;
}

}  // namespace fitkit
