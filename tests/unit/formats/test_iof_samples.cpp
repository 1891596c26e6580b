// IOF XML 3.0 over the IOF's own example documents (../shared/samples/iof): every ResultList
// reads with the classes and results the file holds (counted apart from the reader), known
// values come out as the files write them, the other lists are refused, and what our writers
// write validates against the IOF's schema IOF.xsd (checked by xmllint) and reads back.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fitkit/error.hpp"
#include "formats/byte_source.hpp"
#include "formats/iof_reader.hpp"
#include "formats/iof_writer.hpp"
#include "unit/formats/iof_schema.hpp"
#include "unit/formats/iof_test_support.hpp"
#include "unit/formats/samples.hpp"

using namespace fitkit;
using namespace fitkit::formats::iof;
using fitkit::test::iof::RecordingHandler;
using fitkit::test::iof::schema_errors;
using fitkit::test::iof::without_lines;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kCreated = 1312148793000;  // 2011-07-31T21:46:33Z
constexpr std::int64_t kStart = 1312016400000;    // 2011-07-30T09:00:00Z

std::string file_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The text without its comments, which tell of elements they do not hold.
std::string without_comments(std::string text) {
  for (auto begin = text.find("<!--"); begin != std::string::npos; begin = text.find("<!--", begin))
    text.erase(begin, text.find("-->", begin) + 3 - begin);
  return text;
}

// How many start tags named `name` the text holds ("<name>" or "<name ...").
std::size_t count_elements(const std::string& text, const std::string& name) {
  std::size_t n = 0;
  for (auto at = text.find("<" + name); at != std::string::npos; at = text.find("<" + name, at + 1)) {
    const char next = text[at + 1 + name.size()];
    n += next == '>' || next == ' ' || next == '\n' || next == '\t' || next == '/';
  }
  return n;
}

std::vector<fs::path> files_starting(const fs::path& dir, std::string_view prefix) {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) == 0 && entry.path().extension() == ".xml") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// A list that uses every field the writer writes: relay teams, a vacant leg, races, all
// statuses, split statuses, text that needs escaping.
ResultList everything() {
  ResultList list;
  list.event = {"Spring Cup <2011> & \"friends\"", "E-17", kStart, "2011-07-30"};
  PersonResult wood;
  wood.person = {"George", "Wood & Sons", "501", "1980-02-29", "M", "GBR"};
  wood.organisation = "OC <Back> and Forth";
  wood.bib = "101";
  wood.start_ms = kStart;
  wood.finish_ms = kStart + 2001500;
  wood.time_s = 2001.5;
  wood.time_behind_s = 0;
  wood.position = 1;
  wood.score = 12.5;
  wood.race = 1;
  wood.splits = {{"31", 501.0, "OK"}, {"32", std::nullopt, "Missing"}, {"33", 1136.0, "Additional"}};
  std::vector<PersonResult> individual = {wood};
  for (const auto status : result_statuses()) {
    PersonResult r;
    r.person = {"Ann\x01", std::string(status), std::nullopt, std::nullopt, "F"};
    r.status = std::string(status);
    individual.push_back(r);
  }
  list.classes.push_back({{"Men Elite", "ME", "1"}, individual});
  PersonResult reid;
  reid.person = {"Samuel", "Reid"};
  reid.team = "Vagabonds 1";
  reid.leg = 1;
  reid.time_behind_s = 5;
  reid.position = 2;
  PersonResult vacant;
  vacant.team = "Vagabonds 1";
  vacant.leg = 2;
  vacant.status = "DidNotStart";
  list.classes.push_back({{"Relay"}, {reid, vacant}});
  list.classes.push_back({{"Empty"}, {}});
  return list;
}

}  // namespace

TEST_SUITE("samples") {
  TEST_CASE("iof samples: every ResultList reads with the classes and results the file holds") {
    const auto dir = test::samples_dir();
    if (!dir) return;
    const auto files = files_starting(*dir / "iof", "ResultList");
    REQUIRE(files.size() >= 4);
    for (const auto& path : files) {
      CAPTURE(path.filename().string());
      const std::string text = without_comments(file_text(path));
      RecordingHandler handler;
      formats::FileSource in(path);
      read_result_list(in, handler);
      const auto classes = std::count_if(handler.calls.begin(), handler.calls.end(),
                                         [](const std::string& c) { return c.rfind("class ", 0) == 0; });
      CHECK(static_cast<std::size_t>(classes) == count_elements(text, "ClassResult"));
      // One result a Result element: a person's per race, a relay member's per leg.
      CHECK(handler.results.size() == count_elements(text, "Result"));
      CHECK(handler.results.size() >= count_elements(text, "PersonResult") + count_elements(text, "TeamMemberResult"));
      for (const auto& r : handler.results) {
        CHECK(is_result_status(r.status));
        CHECK(r.line > 0);
      }
      MESSAGE(path.filename().string() << ": " << classes << " classes, " << handler.results.size() << " results");
    }
  }

  TEST_CASE("iof samples: the values of the examples come out as the files write them") {
    const auto dir = test::samples_dir();
    if (!dir) return;
    const auto one = read_result_list(file_text(*dir / "iof" / "ResultList1.xml"));
    CHECK(one.event.name == "Example event");
    CHECK(one.event.start_ms == kStart);
    REQUIRE(one.classes.size() == 2);
    CHECK(one.classes[0].first == ClassInfo{"Men Elite", std::nullopt, "1"});
    const auto& wood = one.classes[0].second.at(0);
    CHECK(wood.person == Person{"George", "Wood", "1"});
    CHECK(wood.organisation == "OC Back and Forth");
    CHECK(wood.bib == "101");
    CHECK(wood.start_ms == kStart);
    CHECK(wood.finish_ms == kStart + 2001000);
    CHECK(wood.time_s == 2001);
    CHECK(wood.position == 1);
    CHECK(wood.splits.size() == 5);
    const auto& martin = one.classes[0].second.at(1);
    CHECK(martin.status == "MissingPunch");
    REQUIRE(martin.splits.size() == 7);
    CHECK(martin.splits[3] == SplitTime{"32", std::nullopt, "Missing"});
    CHECK(martin.splits[6] == SplitTime{"31", 1379.0, "Additional"});
    CHECK(one.classes[1].second.at(0).status == "DidNotStart");

    const auto relay = read_result_list(file_text(*dir / "iof" / "ResultList2.xml"));
    const auto& members = relay.classes.at(0).second;
    REQUIRE(members.size() == 11);
    CHECK(members[0].team == "Forest Vagabonds 1");
    CHECK(members[0].person.family == "Reid");
    CHECK(members[0].leg == 1);
    CHECK(members[0].time_behind_s == 5);
    CHECK(members[0].position == 2);
    CHECK(members[0].organisation == "Forest Vagabonds");
    const auto vacant = std::count_if(members.begin(), members.end(), [](const PersonResult& r) {
      return r.person == Person{} && r.status == "DidNotStart";
    });
    CHECK(vacant == 2);
    CHECK(std::all_of(members.begin(), members.end(), [](const PersonResult& r) { return r.team && r.leg; }));

    const auto races = read_result_list(file_text(*dir / "iof" / "ResultList3.xml"));
    const auto& first = races.classes.at(0).second;
    REQUIRE(first.size() >= 2);
    CHECK(first[0].race == 1);
    CHECK(first[1].race == 2);
    CHECK(first[1].time_s == 3000);
  }

  TEST_CASE("iof samples: the other lists are refused as not a ResultList") {
    const auto dir = test::samples_dir();
    if (!dir) return;
    int refused = 0;
    for (const auto& entry : fs::directory_iterator(*dir / "iof")) {
      const std::string name = entry.path().filename().string();
      if (entry.path().extension() != ".xml" || name.rfind("ResultList", 0) == 0) continue;
      CAPTURE(name);
      const std::string message = test::iof::refusal(file_text(entry.path()));
      CHECK(message.find("IOF XML: not an IOF 3.0 ResultList: the root element is "
                         "{http://www.orienteering.org/datastandard/3.0}") == 0);
      ++refused;
    }
    CHECK(refused >= 10);
  }

  TEST_CASE("iof samples: our result, entry and start lists validate against IOF.xsd") {
    const auto dir = test::samples_dir();
    if (!dir) return;
    const fs::path xsd = *dir / "iof" / "IOF.xsd";
    REQUIRE_MESSAGE(std::system("xmllint --version > /dev/null 2>&1") == 0,
                    "xmllint is missing: install libxml2-utils (scripts/install-deps.sh)");
    // xmllint itself: the IOF's examples validate, a broken document does not.
    CHECK(schema_errors(xsd, file_text(*dir / "iof" / "ResultList2.xml")) == "");
    CHECK(schema_errors(xsd, "<ResultList xmlns=\"http://www.orienteering.org/datastandard/3.0\"/>") != "");

    const ResultList list = everything();
    const std::string results = write_result_list(list, kCreated, "fitkit <test> & co");
    CHECK(schema_errors(xsd, results) == "");
    const ResultList back = without_lines(read_result_list(results));
    CHECK(back.event == list.event);
    CHECK(back.classes.at(1) == list.classes.at(1));

    // Every example result list, read, written again: valid, and it reads back the same.
    for (const auto& path : files_starting(*dir / "iof", "ResultList")) {
      CAPTURE(path.filename().string());
      const ResultList original = without_lines(read_result_list(file_text(path)));
      const std::string written = write_result_list(original, kCreated, "fitkit");
      CHECK(schema_errors(xsd, written) == "");
      CHECK(without_lines(read_result_list(written)) == original);
    }

    const EventInfo event = list.event;
    std::vector<Entry> entries = {
        {{"George", "Wood", "501", "1980-02-29", "M", "GBR"}, "OC & Co", "101", {"Men Elite", "ME", "1"}},
        {{"Ann", "Lee"}, std::nullopt, std::nullopt, {"Open"}}};
    CHECK(schema_errors(xsd, write_entry_list(event, entries, kCreated, "fitkit")) == "");
    CHECK(schema_errors(xsd, write_entry_list(EventInfo{"No entries"}, {}, kCreated, "fitkit")) == "");

    std::vector<std::pair<ClassInfo, std::vector<Start>>> starts = {
        {{"Men Elite", "ME", "1"},
         {{{"George", "Wood", "501", "1980-02-29", "M", "GBR"}, "OC <B>", "101", kStart + 120000},
          {{"Ann", "Lee"}, std::nullopt, std::nullopt, std::nullopt}}},
        {{"Empty"}, {}}};
    CHECK(schema_errors(xsd, write_start_list(event, starts, kCreated, "fitkit")) == "");
  }
}
