#include "formats/iof_writer.hpp"

#include <cmath>
#include <ostream>
#include <sstream>
#include <unordered_map>

#include "fitkit/error.hpp"
#include "formats/iof_xml_out.hpp"

namespace fitkit::formats::iof {

namespace detail {

// What the three writers share: the stream, the text not yet flushed, and where in the
// document they stand.
struct DocumentState {
  static constexpr std::size_t kFlushAt = 64 * 1024;

  DocumentState(std::ostream& o, std::string_view root_name) : out(o), root(root_name) {}

  std::ostream& out;
  std::string root;
  XmlText xml;
  std::string open_group;  // "ClassResult" or "ClassStart" while a class is open
  bool team_open = false;  // a TeamResult is open
  std::string team;        // its name
  bool class_has_team = false;
  bool finished = false;

  void flush(bool force) {
    if (!force && xml.out.size() < kFlushAt) return;
    const std::string text = xml.take();
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
  }

  void require_open(std::string_view what) const {
    if (finished) throw Error::precondition("IOF XML: " + std::string(what) + " after the document was finished");
  }

  // Runs `write` on the text, and takes back all it wrote when it throws.
  template <class Write>
  void write_element(Write&& write) {
    const auto mark = xml.mark();
    try {
      write(xml);
    } catch (...) {
      xml.rewind(mark);
      throw;
    }
    flush(false);
  }

  void close_team() {
    if (team_open) xml.close("TeamResult");
    team_open = false;
  }

  void close_group() {
    close_team();
    if (!open_group.empty()) xml.close(open_group);
    open_group.clear();
  }

  void finish() {
    require_open("finish");
    close_group();
    close_document(xml, root);
    finished = true;
    flush(true);
    out.flush();
    if (!out) throw Error::unavailable("IOF XML: the document could not be written");
  }
};

}  // namespace detail

namespace {

using detail::DocumentState;

void check_result(const PersonResult& r) {
  const std::string who = describe(r.person);
  if (!is_result_status(r.status))
    throw Error::invalid("status", who + ": status \"" + r.status + "\" is not one of IOF 3.0's");
  if (r.leg && !r.team) throw Error::invalid("leg", who + ": a leg without a relay team");
  if (r.leg && *r.leg < 0) throw Error::invalid("leg", who + ": a negative leg");
  if (r.position && *r.position < 0) throw Error::invalid("position", who + ": a negative position");
  if (r.race && *r.race < 1) throw Error::invalid("race", who + ": a race number below 1");
  if (r.start_ms) check_time_ms("start_ms", *r.start_ms);
  if (r.finish_ms) check_time_ms("finish_ms", *r.finish_ms);
  check_seconds("time_s", r.time_s);
  check_seconds("time_behind_s", r.time_behind_s);
  if (r.score && !std::isfinite(*r.score)) throw Error::invalid("score", who + ": the score is not a number");
  for (const auto& split : r.splits) {
    check_seconds("splits.time_s", split.time_s);
    if (!is_split_status(split.status))
      throw Error::invalid("splits.status",
                           who + ": split status \"" + split.status + "\" is not OK, Missing or Additional");
  }
  check_person(r.person);
}

bool is_empty(const Person& p) {
  return p.given.empty() && p.family.empty() && !p.id && !p.birth_date && !p.sex && !p.nationality;
}

// PersonRaceResult or TeamMemberRaceResult: the same fields, the relay's leg first and its
// TimeBehind and Position per leg.
void write_race_result(XmlText& xml, const PersonResult& r) {
  const std::string race = r.race ? std::to_string(*r.race) : std::string();
  if (r.race)
    xml.open("Result", {{"raceNumber", race}});
  else
    xml.open("Result");
  const bool relay = r.team.has_value();
  if (r.leg) xml.integer("Leg", *r.leg);
  xml.optional_element("BibNumber", r.bib);
  if (r.start_ms) xml.date_time("StartTime", *r.start_ms);
  if (r.finish_ms) xml.date_time("FinishTime", *r.finish_ms);
  if (r.time_s) xml.number("Time", *r.time_s);
  if (r.time_behind_s) {
    if (relay) xml.number("TimeBehind", *r.time_behind_s, {{"type", "Leg"}});
    else xml.number("TimeBehind", *r.time_behind_s);
  }
  if (r.position) {
    if (relay) xml.integer("Position", *r.position, {{"type", "Leg"}});
    else xml.integer("Position", *r.position);
  }
  xml.element("Status", r.status);
  if (r.score) xml.number("Score", *r.score);
  for (const auto& split : r.splits) {
    if (split.status == "OK") xml.open("SplitTime");
    else xml.open("SplitTime", {{"status", split.status}});
    xml.element("ControlCode", split.control_code);
    if (split.time_s) xml.number("Time", *split.time_s);
    xml.close("SplitTime");
  }
  xml.close("Result");
}

}  // namespace

ResultListWriter::ResultListWriter(std::ostream& out, const EventInfo& event, std::int64_t create_time_ms,
                                   std::string_view creator, std::string_view status)
    : state_(std::make_unique<DocumentState>(out, "ResultList")) {
  if (!is_list_status(status))
    throw Error::invalid("status", "the list status \"" + std::string(status) + "\" is not Complete, Delta or Snapshot");
  open_document(state_->xml, "ResultList", create_time_ms, creator, status);
  write_event(state_->xml, event);
}

ResultListWriter::~ResultListWriter() = default;

void ResultListWriter::begin_class(const ClassInfo& cls) {
  auto& s = *state_;
  s.require_open("a class");
  s.close_group();
  s.class_has_team = false;
  s.xml.open("ClassResult");
  s.open_group = "ClassResult";
  write_class(s.xml, cls);
}

void ResultListWriter::add_result(const PersonResult& r) {
  auto& s = *state_;
  s.require_open("a result");
  if (s.open_group.empty()) throw Error::precondition("IOF XML: a result before its class");
  check_result(r);
  if (!r.team && s.class_has_team)
    throw Error::invalid("team", describe(r.person) + ": an individual result after the relay teams of its class");
  s.write_element([&](XmlText& xml) {
    if (!r.team) {
      xml.open("PersonResult");
      write_person(xml, r.person);
      write_organisation(xml, r.organisation);
      write_race_result(xml, r);
      xml.close("PersonResult");
      return;
    }
    if (!s.team_open || s.team != *r.team) {
      s.close_team();
      xml.open("TeamResult");
      xml.element("Name", *r.team);
      s.team_open = true;
      s.team = *r.team;
      s.class_has_team = true;
    }
    xml.open("TeamMemberResult");
    if (!is_empty(r.person)) write_person(xml, r.person);
    write_organisation(xml, r.organisation);
    write_race_result(xml, r);
    xml.close("TeamMemberResult");
  });
}

void ResultListWriter::finish() { state_->finish(); }

EntryListWriter::EntryListWriter(std::ostream& out, const EventInfo& event, std::int64_t create_time_ms,
                                 std::string_view creator)
    : state_(std::make_unique<DocumentState>(out, "EntryList")) {
  open_document(state_->xml, "EntryList", create_time_ms, creator);
  write_event(state_->xml, event);
}

EntryListWriter::~EntryListWriter() = default;

void EntryListWriter::add_entry(const Entry& entry) {
  state_->require_open("an entry");
  state_->write_element([&](XmlText& xml) {
    xml.open("PersonEntry");
    write_person(xml, entry.person);
    write_organisation(xml, entry.organisation);
    write_class(xml, entry.cls);
    xml.close("PersonEntry");
  });
}

void EntryListWriter::finish() { state_->finish(); }

StartListWriter::StartListWriter(std::ostream& out, const EventInfo& event, std::int64_t create_time_ms,
                                 std::string_view creator)
    : state_(std::make_unique<DocumentState>(out, "StartList")) {
  open_document(state_->xml, "StartList", create_time_ms, creator);
  write_event(state_->xml, event);
}

StartListWriter::~StartListWriter() = default;

void StartListWriter::begin_class(const ClassInfo& cls) {
  auto& s = *state_;
  s.require_open("a class");
  s.close_group();
  s.xml.open("ClassStart");
  s.open_group = "ClassStart";
  write_class(s.xml, cls);
}

void StartListWriter::add_start(const Start& start) {
  auto& s = *state_;
  s.require_open("a start");
  if (s.open_group.empty()) throw Error::precondition("IOF XML: a start before its class");
  if (start.start_ms) check_time_ms("start_ms", *start.start_ms);
  s.write_element([&](XmlText& xml) {
    xml.open("PersonStart");
    write_person(xml, start.person);
    write_organisation(xml, start.organisation);
    xml.open("Start");
    xml.optional_element("BibNumber", start.bib);
    if (start.start_ms) xml.date_time("StartTime", *start.start_ms);
    xml.close("Start");
    xml.close("PersonStart");
  });
}

void StartListWriter::finish() { state_->finish(); }

std::string write_result_list(const ResultList& list, std::int64_t create_time_ms, std::string_view creator) {
  std::ostringstream out;
  ResultListWriter writer(out, list.event, create_time_ms, creator, list.status);
  for (const auto& [cls, results] : list.classes) {
    writer.begin_class(cls);
    std::vector<std::vector<const PersonResult*>> teams;
    std::unordered_map<std::string, std::size_t> team_index;
    for (const auto& r : results) {
      if (!r.team) {
        writer.add_result(r);
        continue;
      }
      const auto [it, added] = team_index.try_emplace(*r.team, teams.size());
      if (added) teams.emplace_back();
      teams[it->second].push_back(&r);
    }
    for (const auto& members : teams)
      for (const auto* r : members) writer.add_result(*r);
  }
  writer.finish();
  return std::move(out).str();
}

std::string write_entry_list(const EventInfo& event, const std::vector<Entry>& entries, std::int64_t create_time_ms,
                             std::string_view creator) {
  std::ostringstream out;
  EntryListWriter writer(out, event, create_time_ms, creator);
  for (const auto& entry : entries) writer.add_entry(entry);
  writer.finish();
  return std::move(out).str();
}

std::string write_start_list(const EventInfo& event,
                             const std::vector<std::pair<ClassInfo, std::vector<Start>>>& classes,
                             std::int64_t create_time_ms, std::string_view creator) {
  std::ostringstream out;
  StartListWriter writer(out, event, create_time_ms, creator);
  for (const auto& [cls, starts] : classes) {
    writer.begin_class(cls);
    for (const auto& start : starts) writer.add_start(start);
  }
  writer.finish();
  return std::move(out).str();
}

}  // namespace fitkit::formats::iof
