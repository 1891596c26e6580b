// The exercise library: the starter set, filters, search and paging, admins' edits, and
// imports of JSON and CSV catalogues, all or nothing, with errors that say which row.
#include "core/crypto.hpp"
#include "unit/permit_world.hpp"
#include "unit/training/training_support.hpp"

using namespace fitkit;
using namespace fitkit::test;

namespace {

std::vector<std::string> names(const Json& page) {
  std::vector<std::string> out;
  for (const auto& item : page["items"]) out.push_back(item["name"]);
  return out;
}

// Every item of a list, following next_cursor with pages of `limit`.
std::vector<std::string> walk_names(TestPlatform& t, const Actor& who, Json params, int limit) {
  std::vector<std::string> out;
  params["limit"] = limit;
  for (int pages = 0; pages < 1000; ++pages) {
    auto page = t.call("exercises.list", who, params);
    for (auto& n : names(page)) out.push_back(n);
    if (page["next_cursor"].is_null()) break;
    params["cursor"] = page["next_cursor"];
  }
  return out;
}

Json import_file(const std::string& text, const std::string& file_name, bool update = false) {
  Json p{{"file", crypto::base64_encode(text)}, {"file_name", file_name}};
  if (update) p["update_existing"] = true;
  return p;
}

}  // namespace

TEST_CASE("exercises: the starter set for anyone, by name, filtered, searched and paged") {
  TestPlatform t;
  const auto anonymous = Actor::anonymous();
  auto all = t.call("exercises.list", anonymous, {{"limit", 200}});
  CHECK(all["items"].size() == 55);
  CHECK(all["next_cursor"].is_null());
  const auto list = names(all);
  CHECK(std::is_sorted(list.begin(), list.end(), [](const std::string& a, const std::string& b) {
    std::string la, lb;
    for (char c : a) la += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (char c : b) lb += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return la < lb;
  }));
  const auto& push_up = *std::find_if(all["items"].begin(), all["items"].end(),
                                      [](const Json& e) { return e["name"] == "Push-up"; });
  CHECK(push_up["id"] == format_id(IdKind::exercise, 1));
  CHECK(push_up["builtin"] == true);
  CHECK(push_up["category"] == "strength");
  CHECK(push_up["muscle_groups"] == Json::array({"chest", "triceps", "shoulders"}));
  CHECK(push_up["equipment"] == Json::array());
  CHECK(push_up["video_url"].is_null());
  CHECK(t.call("exercises.get", anonymous, {{"exercise_id", push_up["id"]}}) == push_up);

  CHECK(walk_names(t, anonymous, Json::object(), 7) == list);
  const auto kettlebell = names(t.call("exercises.list", anonymous, {{"equipment", "kettlebell"}}));
  CHECK(kettlebell == std::vector<std::string>{"Goblet squat", "Kettlebell swing"});
  const auto hamstrings = t.call("exercises.list", anonymous, {{"muscle", "hamstrings"}});
  CHECK_FALSE(hamstrings["items"].empty());
  for (const auto& e : hamstrings["items"])
    CHECK(std::find(e["muscle_groups"].begin(), e["muscle_groups"].end(), "hamstrings") != e["muscle_groups"].end());
  CHECK(names(t.call("exercises.list", anonymous, {{"category", "balance"}})) ==
        std::vector<std::string>{"Single-leg balance reach"});
  // In names and descriptions ("... jump the feet back to a plank"), whatever the case.
  CHECK(names(t.call("exercises.list", anonymous, {{"search", "PLANK"}})) ==
        std::vector<std::string>{"Burpee", "Plank", "Side plank"});
  CHECK(names(t.call("exercises.list", anonymous, {{"search", "shoulder blades"}})).size() == 2);  // descriptions
  CHECK(t.call("exercises.list", anonymous, {{"search", "100%"}})["items"].empty());  // % is a character
  CHECK(t.call("exercises.list", anonymous, {{"muscle", "glutes"}, {"equipment", "barbell"}, {"search", "squat"}})
            ["items"].size() == 2);  // back and front squat
  // The set is added once: a second platform open on the same database adds nothing.
  CHECK(count_rows(t, "exercises") == 55);
}

TEST_CASE("exercises: admins create, update and delete; names stay unique; deleted ones do not return") {
  TestPlatform t;
  auto admin = t.make_admin("root@example.com");
  auto created = t.call("exercises.create", admin,
                        {{"name", "Landmine press"},
                         {"category", "strength"},
                         {"muscle_groups", {"shoulders", "chest", "shoulders"}},
                         {"equipment", {"barbell"}},
                         {"description", "Press the end of a bar anchored in a corner."},
                         {"video_url", "https://videos.example.com/landmine?t=3"}});
  CHECK(created["builtin"] == false);
  CHECK(created["muscle_groups"] == Json::array({"shoulders", "chest"}));
  CHECK(t.call("exercises.get", Actor::anonymous(), {{"exercise_id", created["id"]}}) == created);
  CHECK(error_of([&] {
          t.call("exercises.create", admin, {{"name", "LANDMINE PRESS"}, {"category", "strength"}, {"muscle_groups", {"chest"}}});
        }) == ErrorCode::already_exists);
  CHECK(error_of([&] {
          t.call("exercises.update", admin, {{"exercise_id", created["id"]}, {"name", "push-up"}});
        }) == ErrorCode::already_exists);

  t.clock->advance(1000);
  auto updated = t.call("exercises.update", admin,
                        {{"exercise_id", created["id"]}, {"video_url", ""}, {"equipment", Json::array()},
                         {"name", "Landmine Press"}});
  CHECK(updated["video_url"].is_null());
  CHECK(updated["equipment"] == Json::array());
  CHECK(updated["name"] == "Landmine Press");
  CHECK(updated["description"] == created["description"]);
  CHECK(updated["updated_at"] == "2026-01-01T00:00:01.000Z");

  // A built-in exercise is the organisation's to change or remove, and stays removed.
  CHECK(t.call("exercises.delete", admin, {{"exercise_id", format_id(IdKind::exercise, 1)}})["status"] == "deleted");
  CHECK(error_of([&] { t.call("exercises.get", admin, {{"exercise_id", format_id(IdKind::exercise, 1)}}); }) ==
        ErrorCode::not_found);
  CHECK(error_of([&] { t.call("exercises.delete", admin, {{"exercise_id", format_id(IdKind::exercise, 1)}}); }) ==
        ErrorCode::not_found);
  const auto left = names(t.call("exercises.list", admin, {{"limit", 200}}));
  CHECK(std::find(left.begin(), left.end(), "Push-up") == left.end());
  // Its name is free again.
  auto again = t.call("exercises.create", admin, {{"name", "Push-up"}, {"category", "strength"}, {"muscle_groups", {"chest"}}});
  CHECK(again["id"] != format_id(IdKind::exercise, 1));
  CHECK(t.call("exercises.list", admin, {{"limit", 200}})["items"].size() == 56);
}

TEST_CASE("exercises: bad fields are refused, named, and change nothing") {
  TestPlatform t;
  auto admin = t.make_admin("root@example.com");
  t.call("exercises.list", admin);  // the starter set is in before the snapshots
  const Json good{{"name", "Sled push"}, {"category", "strength"}, {"muscle_groups", {"quadriceps"}}};
  auto with = [&](const char* key, Json value) {
    Json p = good;
    p[key] = std::move(value);
    return p;
  };
  auto without = [&](const char* key) {
    Json p = good;
    p.erase(key);
    return p;
  };
  struct Row {
    const char* op;
    Json params;
    const char* field;
  };
  const std::vector<Row> rows{
      {"exercises.create", without("name"), "name"},
      {"exercises.create", without("category"), "category"},
      {"exercises.create", without("muscle_groups"), "muscle_groups"},
      {"exercises.create", with("name", ""), "name"},
      {"exercises.create", with("name", std::string(81, 'x')), "name"},
      {"exercises.create", with("category", "yoga"), "category"},
      {"exercises.create", with("muscle_groups", Json::array()), "muscle_groups"},
      {"exercises.create", with("muscle_groups", {"biceps", "wings"}), "muscle_groups"},
      {"exercises.create", with("muscle_groups", {1, 2}), "muscle_groups"},
      {"exercises.create", with("muscle_groups", {"chest", "lats", "abs", "calves", "neck", "obliques", "glutes"}),
       "muscle_groups"},
      {"exercises.create", with("equipment", {"spaceship"}), "equipment"},
      {"exercises.create", with("video_url", "http://videos.example.com/x"), "video_url"},
      {"exercises.create", with("video_url", "javascript:alert(1)"), "video_url"},
      {"exercises.create", with("video_url", "https://"), "video_url"},
      {"exercises.create", with("video_url", "https://user@evil.example/x"), "video_url"},
      {"exercises.create", with("video_url", "https://example.com/a b"), "video_url"},
      {"exercises.create", with("description", std::string(2001, 'd')), "description"},
      {"exercises.update", {{"exercise_id", format_id(IdKind::exercise, 2)}, {"category", "flying"}}, "category"},
      {"exercises.list", {{"muscle", "wings"}}, "muscle"},
      {"exercises.list", {{"equipment", "spaceship"}}, "equipment"},
      {"exercises.list", {{"cursor", "zzz"}}, "cursor"},
  };
  for (const auto& row : rows) {
    CAPTURE(row.op);
    CAPTURE(row.params.dump());
    const auto changed = changes_made_by(t, [&] {
      try {
        t.call(row.op, admin, row.params);
        FAIL("accepted");
      } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::invalid_argument);
        CHECK(e.field() == row.field);
      }
    });
    CHECK_MESSAGE(changed.empty(), "the refused call changed " << join_parts(changed));
  }
}

TEST_CASE("exercises.import: CSV and JSON catalogues, all or nothing, errors by row") {
  TestPlatform t;
  auto admin = t.make_admin("root@example.com");
  const std::string csv =
      "Name,Category,Muscle groups,Equipment,Description,Video URL\r\n"
      "Sled push,strength,quadriceps;glutes,sled,\"Drive the sled, low and fast.\",\r\n"
      "Sled pull,strength,\"hamstrings, glutes\",sled,,https://videos.example.com/sled-pull\r\n"
      "\r\n"
      "Battle ropes,cardio,shoulders|full_body,,\"Alternate waves;\nkeep the knees soft.\",\r\n";
  auto result = t.call("exercises.import", admin, import_file(csv, "club.csv"));
  CHECK(result["created"] == 3);
  CHECK(result["updated"] == 0);
  REQUIRE(result["exercises"].size() == 3);
  CHECK(result["exercises"][0]["muscle_groups"] == Json::array({"quadriceps", "glutes"}));
  CHECK(result["exercises"][0]["description"] == "Drive the sled, low and fast.");
  CHECK(result["exercises"][1]["muscle_groups"] == Json::array({"hamstrings", "glutes"}));
  CHECK(result["exercises"][1]["description"].is_null());
  CHECK(result["exercises"][1]["video_url"] == "https://videos.example.com/sled-pull");
  CHECK(result["exercises"][2]["equipment"] == Json::array());
  CHECK(result["exercises"][2]["description"] == "Alternate waves;\nkeep the knees soft.");
  CHECK(count_rows(t, "exercises") == 58);

  const std::string json = R"([
    {"name": "Sled push", "category": "strength", "muscle_groups": ["quadriceps", "calves"], "equipment": ["sled"]},
    {"name": "Turkish get-up", "category": "strength", "muscle_groups": ["full_body"], "equipment": ["kettlebell"],
     "description": "Stand up from the floor holding the bell overhead, and lie back down."}])";
  CHECK(error_of([&] { t.call("exercises.import", admin, import_file(json, "more.json")); }) ==
        ErrorCode::already_exists);
  result = t.call("exercises.import", admin, import_file(json, "more.json", true));
  CHECK(result["created"] == 1);
  CHECK(result["updated"] == 1);
  CHECK(result["exercises"][0]["muscle_groups"] == Json::array({"quadriceps", "calves"}));
  CHECK(result["exercises"][0]["description"] == "Drive the sled, low and fast.");  // kept: not in the row
  CHECK(count_rows(t, "exercises") == 59);

  // Bad files: the error names the row (a spreadsheet's, the header being row 1) and nothing is imported.
  struct Row {
    std::string text, file_name, says;
  };
  const std::vector<Row> rows{
      {"name,category,muscle_groups\nA,strength,chest\nB,strength,wings\n", "x.csv", "row 3: muscle_groups"},
      {"name,category,muscle_groups\nA,strength,chest\n,strength,chest\n", "x.csv", "row 3: name"},
      {"name,category,muscle_groups\nA,strength,chest\nA,strength,chest\n", "x.csv", "row 3: the name 'A' is also in row 2"},
      {"name,category,muscle_groups\nA,strength,chest\nPlank,strength,abs\n", "x.csv", "row 3: an exercise named"},
      {"name,category,muscle_groups\n\"A,strength,chest\n", "x.csv", "row 2"},
      {"name,category,muscle_groups\nA,strength,chest\nB,str\"ength,chest\n", "x.csv", "row 3"},
      {"name,category,muscle_groups\nA,strength,chest,extra\n", "x.csv", "row 2:"},
      {"name,category\nA,strength\n", "x.csv", "row 1: the header has no column muscle_groups"},
      {"name,category,muscle_groups,colour\n", "x.csv", "row 1: unknown column"},
      {"name,category,muscle_groups\n", "x.csv", "no exercises"},
      {"", "x.csv", "empty"},
      {R"([{"name": "A", "category": "strength", "muscle_groups": ["chest"]}, {"name": "B"}])", "x.json",
       "item 2: category"},
      {R"([{"name": "A", "category": "strength", "muscle_groups": ["chest"], "colour": "red"}])", "x.json",
       "item 1: unknown field"},
      {R"({"name": "A"})", "x.json", "JSON array"},
      {R"([{"name": "A", "category": "strength", "muscle_groups": ["chest"]})", "x.json", "not valid JSON"},
  };
  for (const auto& row : rows) {
    CAPTURE(row.text);
    const auto changed = changes_made_by(t, [&] {
      try {
        t.call("exercises.import", admin, import_file(row.text, row.file_name));
        FAIL("accepted");
      } catch (const Error& e) {
        CHECK(e.field() == "file");
        CHECK_MESSAGE(std::string(e.what()).find(row.says) != std::string::npos, e.what());
      }
    });
    CHECK_MESSAGE(changed.empty(), "the refused import changed " << join_parts(changed));
  }
}
