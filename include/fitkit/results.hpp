// Results of an event's contests: entered by hand, imported from CSV or IOF XML 3.0, or taken
// from participants' tracked workouts; rankings kept as results change, leaderboards read live,
// published as official, and exported for timing systems. See docs/results.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fitkit/actor.hpp"
#include "fitkit/page.hpp"

namespace fitkit {

struct Runtime;

// A participant's result in their contest. One per registration.
struct EventResult {
  std::int64_t id = 0;
  std::int64_t event_id = 0, contest_id = 0, registration_id = 0;
  std::string status = "OK";          // an IOF result status (docs/results.md)
  std::optional<std::int64_t> value;  // by the contest's result_kind: time ms, distance mm, points, place
  std::string source;                 // hand, csv, iof, workout
  std::optional<std::int64_t> workout_id;
  std::int64_t recorded_at = 0, updated_at = 0;
  std::string result_kind;            // the contest's: how `value` reads
};

// A result as people write it, for entry by hand.
struct ResultEntry {
  std::string status = "OK";          // an IOF status, or DNS, DNF, DSQ, …
  std::optional<std::string> value;   // "1:02:03", "42.195" (metres), "12" (points or place)
};

// What an import would change, or changed.
struct ImportReport {
  std::string format;  // csv or iof
  bool applied = false;
  std::size_t rows = 0;  // results read from the file
  std::size_t created = 0, changed = 0, unchanged = 0;
  std::size_t unmatched_count = 0, invalid_count = 0;  // the lists below show the first 1,000
  std::size_t other_races = 0;  // IOF: results of the file's other races, left for their import
  struct Line {
    std::size_t line = 0;  // of the file, from 1; 0 when the format has no lines to name
    std::string text;      // who (unmatched), or what is wrong (invalid)
  };
  std::vector<Line> unmatched;  // rows that are no participant of the contest
  std::vector<Line> invalid;    // rows that are no result
  std::vector<std::pair<std::string, std::string>> mapping;  // CSV: field -> the header read
  // Per matched row, what changes: "new 0:41:20", "0:41:22 -> 0:41:20", "OK -> DidNotFinish".
  struct Change {
    std::size_t line = 0;
    std::int64_t registration_id = 0;
    std::string what;
  };
  std::vector<Change> changes;
};

struct ResultImport {
  std::string file;                       // the bytes: CSV or IOF XML (told apart by their start)
  std::optional<std::int64_t> contest_id; // CSV: the contest (the event's only one by default)
  std::optional<std::string> mapping;     // CSV: "bib=Start No,time=Chip Time"
  int race = 1;                           // IOF: the race of a multi-race file
  bool dry_run = false;
  bool skip_unmatched = false;            // apply although some rows match no participant
};

// One line of a leaderboard.
struct Standing {
  std::int64_t position = 0;  // from 1, the order of the list
  std::optional<int> place;   // none for an unplaced result (DNF, …)
  std::optional<std::int64_t> behind;
  EventResult result;
  std::optional<std::int64_t> user_id;
  std::string given_name, family_name;
  std::optional<std::string> club, team, gender, category;
  std::optional<std::int64_t> bib;
  std::optional<int> age;
  bool provisional = false;  // Finished, not yet validated
  // The athlete's fastest race at the contest's sport and distance (docs/results.md, "Personal
  // bests"): the leaderboard links it to their race records.
  bool personal_best = false;
};

struct LeaderboardQuery {
  std::optional<std::int64_t> contest_id;  // the event's only contest by default
  std::optional<std::string> category;     // a ranking category's code (M35)
  std::optional<std::string> gender;       // female, male, other
  std::optional<std::int64_t> after_position;
  int limit = kPageLimitDefault;
  std::string link_token;                  // for an unlisted event
};

struct Leaderboard {
  std::int64_t event_id = 0, contest_id = 0;
  std::string ranking;       // overall, gender:female, category:M35
  std::string result_kind;   // time, distance, points, place
  bool official = false;     // the organizers published the results
  Page<Standing> page;
};

struct TeamLeaderboard {
  std::int64_t contest_id = 0;
  int best_n = 0;
  struct Team {
    std::string team;
    std::optional<int> place;
    std::optional<std::int64_t> total, behind;
    std::vector<std::int64_t> counted;  // registration ids, best first
  };
  std::vector<Team> teams;
};

// An export: the file's name, its content type and its bytes.
struct ResultFile {
  std::string file_name, content_type, bytes;
};

// An event in "my events", with the actor's registration and, once in, their result.
struct MyEvent {
  std::int64_t event_id = 0, registration_id = 0, contest_id = 0;
  std::string title, event_status, registration_status;
  std::string result_kind;  // the contest's
  std::int64_t starts_at = 0, ends_at = 0;
  std::optional<EventResult> result;
  std::optional<int> place;       // overall in the contest
  bool official = false;
};

// An award given to a participant: to the winners of an event's award with a place, when the
// results are published, or by the organizers' hand. It joins the user's collection.
struct AwardGiven {
  std::int64_t id = 0;
  std::int64_t event_id = 0, contest_id = 0, registration_id = 0;
  std::optional<std::int64_t> user_id;
  std::string event_title, given_name, family_name;
  std::string title;
  std::optional<int> place;
  std::optional<std::string> category, prize;
  std::int64_t awarded_at = 0;
};

// A photo of an event's race (the finish line, the podium) shown with its results, optionally of
// one participant.
struct ResultPhoto {
  std::int64_t id = 0, event_id = 0;
  std::optional<std::int64_t> registration_id;  // the participant it shows
  std::optional<std::string> caption;
  std::string content_type;  // image/jpeg, image/png or image/webp, told by its bytes
  std::int64_t size_bytes = 0;
  std::int64_t added_at = 0;
};

struct ResultPhotoFile {
  ResultPhoto photo;
  std::string bytes;
};

inline constexpr int kMaxResultPhotos = 1000;  // an event's
inline constexpr std::size_t kResultPhotoCaptionMaxChars = 500;

// A user's fastest official race at one sport and distance.
struct RaceRecord {
  std::string sport;
  double distance_m = 0;
  std::int64_t time_ms = 0;
  std::int64_t event_id = 0, contest_id = 0, result_id = 0;
  std::string event_title, contest_name;
  std::int64_t raced_at = 0;  // the contest's start, else the event's
};

class ResultService {
 public:
  explicit ResultService(Runtime& rt) : rt_(rt) {}

  // Organizers: a participant's result by hand (set again: replaced), or removed.
  EventResult set(const Actor& actor, std::int64_t registration_id, const ResultEntry& entry);
  void remove(const Actor& actor, std::int64_t registration_id);

  // Organizers: imports a results file into the event. A dry run reports and changes nothing;
  // otherwise every row is applied in one transaction, or none: rows that are no result refuse
  // the import, and so do rows of no participant unless skip_unmatched.
  ImportReport import(const Actor& actor, std::int64_t event_id, const ResultImport& import);

  // Organizers of an online event: each participant's best workout of the contest's sport
  // inside the event's window, at least the contest's distance, as their time.
  ImportReport import_workouts(const Actor& actor, std::int64_t event_id, std::optional<std::int64_t> contest_id,
                               bool dry_run);

  // Organizers: results become official (published) or provisional again. Participants are told.
  void publish(const Actor& actor, std::int64_t event_id, bool published);

  // Anyone who sees the event, live.
  Leaderboard leaderboard(const Actor& actor, std::int64_t event_id, const LeaderboardQuery& query);
  TeamLeaderboard teams(const Actor& actor, std::int64_t event_id, std::optional<std::int64_t> contest_id, int best_n);

  // A leaderboard as csv, xlsx or iof (an IOF ResultList of every contest, or of the one asked).
  ResultFile export_results(const Actor& actor, std::int64_t event_id, const LeaderboardQuery& query,
                            std::string_view format);
  // Organizers: IOF EntryList or StartList of the participants who hold a place.
  ResultFile export_entries(const Actor& actor, std::int64_t event_id, std::string_view list);

  // The awards given in an event, by contest and place; to anyone who sees the event.
  std::vector<AwardGiven> awards(const Actor& actor, std::int64_t event_id, std::string_view link_token = {});
  // Organizers: an award by hand (best newcomer), once per participant and title.
  AwardGiven give_award(const Actor& actor, std::int64_t registration_id, std::string_view title,
                        std::optional<std::string> prize);
  void take_back_award(const Actor& actor, std::int64_t registration_id, std::string_view title);
  // A user's collection, newest first: to those who may see their profile.
  std::vector<AwardGiven> user_awards(const Actor& actor, std::int64_t user_id);

  // Organizers, once the event is under way: a photo (JPEG, PNG or WebP, at most
  // kPictureMaxBytes), of one participant if tagged. Anyone who sees the event sees them.
  ResultPhoto add_photo(const Actor& actor, std::int64_t event_id, std::string_view bytes,
                        std::optional<std::int64_t> registration_id, std::optional<std::string> caption);
  // Newest first; only those of one participant if asked.
  Page<ResultPhoto> photos(const Actor& actor, std::int64_t event_id, std::optional<std::int64_t> registration_id,
                           std::optional<std::int64_t> before_id, int limit, std::string_view link_token = {});
  ResultPhotoFile photo(const Actor& actor, std::int64_t photo_id, std::string_view link_token = {});
  // Organizers remove a photo; the participant it shows may take their tag off it.
  void remove_photo(const Actor& actor, std::int64_t photo_id);
  ResultPhoto untag_photo(const Actor& actor, std::int64_t photo_id);

  // A user's fastest official race per sport and distance: to those who may see their profile.
  std::vector<RaceRecord> race_records(const Actor& actor, std::int64_t user_id);

  // The actor's events: upcoming (not started), current (under way) or finished, with their
  // result and place.
  std::vector<MyEvent> my_events(const Actor& actor, std::string_view when);

 private:
  Runtime& rt_;
};

}  // namespace fitkit
