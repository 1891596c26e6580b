// Participant exports: the chosen columns, the form's answers, CSV safe against formula
// injection, and Excel workbooks.
#include "core/crypto.hpp"
#include "formats/zip_archive.hpp"
#include "unit/events/registration_world.hpp"

using namespace fitkit;
using namespace fitkit::test;

namespace {

struct Exported {
  std::string file_name, content_type, bytes;
};

Exported export_of(RegistrationWorld& w, const Json& params) {
  const auto file = w.t.call("events.participants.export", w.ann, params);
  return {file["file_name"], file["content_type"], *crypto::base64_decode(file["content_base64"].get<std::string>())};
}

std::vector<std::string> lines_of(const std::string& csv) {
  std::vector<std::string> out;
  for (std::size_t at = 0; at < csv.size();) {
    const auto end = csv.find("\r\n", at);
    out.push_back(csv.substr(at, end - at));
    at = end + 2;
  }
  return out;
}

}  // namespace

TEST_CASE("participant export: default and chosen columns, answers, and injection-safe cells") {
  RegistrationWorld w(2);
  const Json form = {{{"key", "tshirt"}, {"label", "T-shirt size"}, {"type", "single_choice"},
                      {"options", {"S", "M", "L"}}},
                     {{"key", "diet"}, {"label", "Diet"}, {"type", "multiple_choice"}, {"options", {"vegan", "halal"}}}};
  const auto m = w.open_event({{"form", form}});
  w.enrol(w.people[0], m, {{"club", "=HYPERLINK(\"http://x\")"}, {"answers", {{"tshirt", "M"}, {"diet", {"vegan", "halal"}}}}});
  w.enrol(w.people[1], m, {{"phone", "+4915123456789"}});
  w.t.call("events.participants.add", w.ann,
           {{"event_id", m.event_id}, {"contest_id", m.contest_id}, {"given_name", "Gina"}, {"family_name", "Guest"},
            {"bib", 12}});

  const auto plain = export_of(w, {{"event_id", m.event_id}});
  CHECK(plain.file_name == m.event_id + "-participants.csv");
  CHECK(plain.content_type == "text/csv; charset=utf-8");
  auto lines = lines_of(plain.bytes);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == "id,contest,status,bib,given_name,family_name,gender,birth_date,club,team,email,phone");
  CHECK(lines[1].find(",10 km,confirmed,,Person0,Runner,female,1990-06-15,\"'=HYPERLINK(\"\"http://x\"\")\",,p0@example.com,") !=
        std::string::npos);
  CHECK(lines[3].find(",confirmed,12,Gina,Guest,") != std::string::npos);

  const auto chosen = export_of(w, {{"event_id", m.event_id},
                                    {"columns", {"family_name", "given_name", "age", "answers", "answer:tshirt", "fee"}},
                                    {"query", "person0"}});
  lines = lines_of(chosen.bytes);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == "family_name,given_name,age,T-shirt size,Diet,T-shirt size,fee");
  CHECK(lines[1] == "Runner,Person0,39,M,\"vegan, halal\",M,0.00");  // 39 on 2030-05-01

  const auto bad = [&](const Json& extra) {
    Json p{{"event_id", m.event_id}};
    p.update(extra);
    return failure_of([&] { w.t.call("events.participants.export", w.ann, p); });
  };
  CHECK(bad({{"columns", {"id", "password"}}})->field() == "columns[1]");
  CHECK(bad({{"columns", {"answer:shoe"}}})->field() == "columns[0]");
  CHECK(bad({{"format", "pdf"}})->field() == "format");
  CHECK(bad({{"status", "lost"}})->field() == "status");
}

TEST_CASE("participant export: an Excel workbook with the same rows") {
  RegistrationWorld w(2);
  const auto m = w.open_event();
  w.enrol(w.people[0], m, {{"team", "@SUM(A1:A2)"}});
  w.enrol(w.people[1], m);
  const auto x = export_of(w, {{"event_id", m.event_id}, {"format", "xlsx"}, {"columns", {"bib", "given_name", "team"}}});
  CHECK(x.file_name == m.event_id + "-participants.xlsx");
  CHECK(x.content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  REQUIRE(x.bytes.rfind("PK", 0) == 0);
  formats::ZipArchive zip(x.bytes, "xlsx");
  std::string sheet, strings;
  for (const auto& e : zip.entries()) {
    if (e.name == "xl/worksheets/sheet1.xml") sheet = zip.read(e, 1 << 20);
    if (e.name == "xl/sharedStrings.xml") strings = zip.read(e, 1 << 20);
  }
  REQUIRE(!sheet.empty());
  CHECK(sheet.find("<f>") == std::string::npos);  // no formulas
  const auto all = sheet + strings;
  CHECK(all.find("Person0") != std::string::npos);
  CHECK(all.find("Person1") != std::string::npos);
  CHECK((all.find("&apos;@SUM(A1:A2)") != std::string::npos || all.find("'@SUM(A1:A2)") != std::string::npos));
}
