// The IOF's example ResultLists (../shared/samples/iof) imported into an event whose contests
// and participants are those of the file, and what fitkit then writes (ResultList, EntryList,
// StartList) checked against IOF.xsd with xmllint. Suite "samples".
#include <fstream>
#include <iterator>

#include "core/crypto.hpp"
#include "formats/iof_reader.hpp"
#include "unit/events/registration_world.hpp"
#include "unit/formats/iof_schema.hpp"
#include "unit/formats/samples.hpp"

using namespace fitkit;
using namespace fitkit::test;
namespace fs = std::filesystem;

namespace {

std::string file_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string exported(RegistrationWorld& w, const std::string& op, const Json& params) {
  return *crypto::base64_decode(w.t.call(op, w.ann, params)["content_base64"].get<std::string>());
}

}  // namespace

TEST_SUITE("samples") {
  TEST_CASE("result samples: each IOF example ResultList imports, and our lists validate against IOF.xsd") {
    const auto dir = samples_dir();
    if (!dir) return;
    const auto xsd = *dir / "iof" / "IOF.xsd";
    for (const auto& name : {"ResultList1.xml", "ResultList2.xml", "ResultList3.xml", "ResultList4.xml"}) {
      CAPTURE(name);
      const auto xml = file_text(*dir / "iof" / name);
      const auto list = formats::iof::read_result_list(xml);
      RegistrationWorld w(0);
      const std::string event = w.t.call("events.create", w.ann,
                                         {{"title", list.event.name}, {"type", "race"},
                                          {"starts_at", "2030-05-01T08:00:00Z"}, {"ends_at", "2030-05-01T14:00:00Z"},
                                          {"time_zone", "Europe/London"}})["id"];
      // The file's classes as contests, its people (of the first race) as participants.
      std::size_t people = 0, vacant = 0;
      for (const auto& [cls, results] : list.classes) {
        const std::string contest = w.t.call("events.contests.add", w.ann, {{"event_id", event}, {"name", cls.name}})["id"];
        for (const auto& r : results) {
          if (r.race.value_or(1) != 1) continue;
          if (r.person.given.empty() && r.person.family.empty()) {
            ++vacant;  // a relay leg no one ran
            continue;
          }
          Json p{{"event_id", event}, {"contest_id", contest}, {"given_name", r.person.given},
                 {"family_name", r.person.family}};
          if (r.organisation) p["club"] = *r.organisation;
          if (r.person.sex) p["gender"] = *r.person.sex == "F" ? "female" : "male";
          w.t.call("events.participants.add", w.ann, p);
          ++people;
        }
      }
      w.t.call("events.status.set", w.ann, {{"event_id", event}, {"status", "published"}});
      w.t.call("events.status.set", w.ann, {{"event_id", event}, {"status", "in_progress"}});
      const Json import{{"event_id", event}, {"file", crypto::base64_encode(xml)}};
      Json dry = import;
      dry["dry_run"] = true;
      const auto report = w.t.call("events.results.import", w.ann, dry);
      CHECK(report["invalid_count"] == 0);
      CHECK(report["unmatched_count"] == vacant);
      CHECK(report["created"] == people);
      Json apply = import;
      apply["skip_unmatched"] = true;
      CHECK(w.t.call("events.results.import", w.ann, apply)["applied"] == true);

      const auto results = exported(w, "events.results.export", {{"event_id", event}, {"format", "iof"}});
      CHECK(iof::schema_errors(xsd, results) == "");
      const auto again = formats::iof::read_result_list(results);
      std::size_t written = 0;
      for (const auto& [cls, rows] : again.classes) written += rows.size();
      CHECK(written == people);
      CHECK(iof::schema_errors(xsd, exported(w, "events.entries.export", {{"event_id", event}})) == "");
      CHECK(iof::schema_errors(xsd, exported(w, "events.entries.export", {{"event_id", event}, {"list", "starts"}})) ==
            "");
    }
  }
}
