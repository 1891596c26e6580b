// The registration form of an event: the organizer's typed questions, checked, stored and read
// back, and a registrant's answers checked against them and shown in exports.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <optional>

#include <nlohmann/json.hpp>

#include "events/registration_form.hpp"
#include "fitkit/error.hpp"

using namespace fitkit;
using namespace fitkit::events;
using Json = nlohmann::json;

namespace {

std::optional<Error> error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  return std::nullopt;
}

// The field of an invalid_argument refusal, "" when nothing was refused.
std::string refused_field(const std::function<void()>& f) {
  const auto e = error_of(f);
  if (!e) return "";
  CHECK(e->code() == ErrorCode::invalid_argument);
  return e->field();
}

std::vector<FormQuestion> sample_form() {
  return {{"name_on_bib", "Name on the bib", "text", true, {}, {}, {}, {}},
          {"age", "Age", "number", false, {}, 16, 99, {}},
          {"first_race", "First race?", "boolean", false, {}, {}, {}, "Your first race with us"},
          {"shirt", "Shirt size", "single_choice", true, {"S", "M", "L"}, {}, {}, {}},
          {"meals", "Meals", "multiple_choice", false, {"breakfast", "lunch", "dinner"}, {}, {}, {}},
          {"birthday", "Birthday", "date", false, {}, {}, {}, {}},
          {"arrival", "Arrival", "time", false, {}, {}, {}, {}},
          {"emergency_phone", "Emergency phone", "phone", false, {}, {}, {}, {}}};
}

// The form's answers with the required ones given, `extra` merged over them.
Json answers_with(const Json& extra) {
  Json a{{"name_on_bib", "Ann"}, {"shirt", "M"}};
  if (extra.is_object()) a.update(extra);
  return a;
}

Json checked(const Json& answers) { return Json::parse(checked_answers(sample_form(), answers.dump())); }

}  // namespace

TEST_CASE("registration form: a form is checked and trimmed") {
  auto form = sample_form();
  form[0].label = "  Name on the bib ";
  form[3].options = {" S", "M ", "L"};
  form[5].help = "  ";
  const auto out = checked_form(form);
  CHECK(out[0].label == "Name on the bib");
  CHECK(out[3].options == std::vector<std::string>{"S", "M", "L"});
  CHECK(!out[5].help);
  CHECK(out[2].help == "Your first race with us");
  CHECK(checked_form({}).empty());
  CHECK(checked_form(sample_form()) == sample_form());
}

TEST_CASE("registration form: bad forms are refused naming the field") {
  using Edit = std::function<void(std::vector<FormQuestion>&)>;
  const std::vector<std::pair<Edit, std::string>> cases{
      {[](auto& f) { f[1].key = "Age"; }, "form[1].key"},
      {[](auto& f) { f[1].key = "1st"; }, "form[1].key"},
      {[](auto& f) { f[1].key = "_age"; }, "form[1].key"},
      {[](auto& f) { f[1].key = "age-group"; }, "form[1].key"},
      {[](auto& f) { f[1].key = ""; }, "form[1].key"},
      {[](auto& f) { f[1].key = std::string(41, 'a'); }, "form[1].key"},
      {[](auto& f) { f[4].key = "age"; }, "form[4].key"},
      {[](auto& f) { f[0].label = " "; }, "form[0].label"},
      {[](auto& f) { f[0].label = "two\nlines"; }, "form[0].label"},
      {[](auto& f) { f[0].label = std::string(201, 'x'); }, "form[0].label"},
      {[](auto& f) { f[0].type = "email"; }, "form[0].type"},
      {[](auto& f) { f[0].type = ""; }, "form[0].type"},
      {[](auto& f) { f[0].options = {"a", "b"}; }, "form[0].options"},
      {[](auto& f) { f[6].options = {"a", "b"}; }, "form[6].options"},
      {[](auto& f) { f[3].options = {"S"}; }, "form[3].options"},
      {[](auto& f) { f[4].options = {}; }, "form[4].options"},
      {[](auto& f) { f[4].options = std::vector<std::string>(51, "x"); }, "form[4].options"},
      {[](auto& f) { f[3].options = {"S", "M", "s"}; }, "form[3].options[2]"},
      {[](auto& f) { f[3].options = {"S", " ", "L"}; }, "form[3].options[1]"},
      {[](auto& f) { f[3].options = {"S", std::string(101, 'M')}; }, "form[3].options[1]"},
      {[](auto& f) { f[0].min = 1; }, "form[0].min"},
      {[](auto& f) { f[3].max = 1; }, "form[3].max"},
      {[](auto& f) { f[1].min = 100; }, "form[1].max"},
      {[](auto& f) { f[1].max = std::nan(""); }, "form[1].max"},
      {[](auto& f) { f[2].help = std::string(501, 'h'); }, "form[2].help"},
      {[](auto& f) { f.resize(51, f[0]); }, "form"},
  };
  for (const auto& [edit, field] : cases) {
    CAPTURE(field);
    auto form = sample_form();
    edit(form);
    CHECK(refused_field([&] { checked_form(form); }) == field);
  }
  std::vector<FormQuestion> fifty;
  for (int i = 0; i < 50; ++i) fifty.push_back({"q" + std::to_string(i), "Question", "text", false, {}, {}, {}, {}});
  CHECK(checked_form(fifty).size() == 50);
  const auto dup = error_of([] {
    auto f = sample_form();
    f[4].key = "age";
    checked_form(f);
  });
  REQUIRE(dup);
  CHECK(std::string(dup->what()) == "two questions have the key age");
}

TEST_CASE("registration form: stored as JSON without absent fields, read back the same") {
  const auto form = sample_form();
  const auto text = form_text(form);
  CHECK(form_of(text) == form);
  const auto j = Json::parse(text);
  REQUIRE(j.size() == 8);
  CHECK(j[0] == Json{{"key", "name_on_bib"}, {"label", "Name on the bib"}, {"type", "text"}, {"required", true}});
  CHECK(j[1]["min"] == 16.0);
  CHECK(j[3]["options"] == Json{"S", "M", "L"});
  CHECK(form_of("").empty());
  CHECK(form_of("{}").empty());
  CHECK(form_text({}) == "[]");

  const auto client = Json::parse(form_json(form));
  CHECK(client[0] == Json{{"key", "name_on_bib"}, {"label", "Name on the bib"}, {"type", "text"}, {"required", true},
                          {"options", Json::array()}, {"min", nullptr}, {"max", nullptr}, {"help", nullptr}});
  CHECK(client[2]["help"] == "Your first race with us");
}

TEST_CASE("registration form: read from request JSON, strictly") {
  const auto form = form_from_json(
      R"([{"key":"shirt","label":" Shirt size ","type":"single_choice","required":true,"options":["S","M"]},
          {"key":"age","label":"Age","type":"number","min":16,"max":null,"help":null}])");
  REQUIRE(form.size() == 2);
  CHECK(form[0] == FormQuestion{"shirt", "Shirt size", "single_choice", true, {"S", "M"}, {}, {}, {}});
  CHECK(form[1] == FormQuestion{"age", "Age", "number", false, {}, 16.0, {}, {}});
  CHECK(form_from_json(form_text(sample_form())) == sample_form());

  const std::vector<std::pair<std::string, std::string>> cases{
      {"", "form"},
      {"not json", "form"},
      {R"({"key":"a"})", "form"},
      {R"([{"key":"a","label":"A","type":"text"}, 5])", "form[1]"},
      {R"([{"key":"a","label":"A","type":"text","colour":"red"}])", "form[0].colour"},
      {R"([{"key":"a","label":"A","type":"text","bad key\n":1}])", "form[0]"},
      {R"([{"key":5,"label":"A","type":"text"}])", "form[0].key"},
      {R"([{"key":"a","label":["A"],"type":"text"}])", "form[0].label"},
      {R"([{"key":"a","label":"A","type":true}])", "form[0].type"},
      {R"([{"key":"a","label":"A","type":"text","required":"yes"}])", "form[0].required"},
      {R"([{"key":"a","label":"A","type":"single_choice","options":"S,M"}])", "form[0].options"},
      {R"([{"key":"a","label":"A","type":"single_choice","options":["S",2]}])", "form[0].options[1]"},
      {R"([{"key":"a","label":"A","type":"number","min":"1"}])", "form[0].min"},
      {R"([{"key":"a","label":"A","type":"number","max":false}])", "form[0].max"},
      {R"([{"key":"a","label":"A","type":"text","help":7}])", "form[0].help"},
      {R"([{"label":"A","type":"text"}])", "form[0].key"},
      {R"([{"key":"a","type":"text"}])", "form[0].label"},
      {R"([{"key":"a","label":"A","type":"single_choice","options":["S","S"]}])", "form[0].options[1]"},
  };
  for (const auto& [text, field] : cases) {
    CAPTURE(text);
    CHECK(refused_field([&] { form_from_json(text); }) == field);
  }
  Json many = Json::array();
  for (int i = 0; i < 51; ++i) many.push_back({{"key", "q" + std::to_string(i)}, {"label", "Q"}, {"type", "text"}});
  CHECK(refused_field([&] { form_from_json(many.dump()); }) == "form");
}

TEST_CASE("registration form: each question type takes what it should, normalised") {
  const std::vector<std::tuple<std::string, Json, Json>> cases{
      {"name_on_bib", "  Ann Lee \t", "Ann Lee"},
      {"name_on_bib", "Zoë 🏃", "Zoë 🏃"},
      {"name_on_bib", std::string(500, 'x'), std::string(500, 'x')},
      {"age", 16, 16},
      {"age", 99, 99},
      {"age", 30.5, 30.5},
      {"first_race", true, true},
      {"first_race", false, false},
      {"shirt", "L", "L"},
      {"meals", Json{"dinner", "breakfast"}, Json{"breakfast", "dinner"}},
      {"meals", Json{"lunch"}, Json{"lunch"}},
      {"birthday", "2024-02-29", "2024-02-29"},
      {"arrival", "00:00", "00:00"},
      {"arrival", "23:59", "23:59"},
      {"emergency_phone", "+4915123456789", "+4915123456789"},
  };
  for (const auto& [key, given, stored] : cases) {
    CAPTURE(key);
    CAPTURE(given.dump());
    CHECK(checked(answers_with({{key, given}}))[key] == stored);
  }
}

TEST_CASE("registration form: each question type refuses what it should not take, naming the answer") {
  const std::vector<std::pair<std::string, Json>> cases{
      {"name_on_bib", 5},          {"name_on_bib", "two\nlines"}, {"name_on_bib", std::string(501, 'x')},
      {"name_on_bib", Json{"a"}},  {"age", "30"},                 {"age", 15},
      {"age", 99.5},               {"age", true},                 {"first_race", "true"},
      {"first_race", 1},           {"shirt", "s"},                {"shirt", " M"},
      {"shirt", "XL"},             {"shirt", Json{"M"}},          {"meals", "lunch"},
      {"meals", Json{"lunch", "lunch"}}, {"meals", Json{"brunch"}}, {"meals", Json{1}},
      {"birthday", "2023-02-29"},  {"birthday", "2024-2-01"},     {"birthday", "01.02.2024"},
      {"birthday", 20240201},      {"arrival", "24:00"},          {"arrival", "7:30"},
      {"arrival", "07:60"},        {"arrival", "07:30:00"},       {"emergency_phone", "015123456789"},
      {"emergency_phone", "+49 151 23456789"}, {"emergency_phone", "+0123456789"}, {"emergency_phone", 4915123456789},
  };
  for (const auto& [key, given] : cases) {
    CAPTURE(key);
    CAPTURE(given.dump());
    CHECK(refused_field([&] { checked(answers_with({{key, given}})); }) == "answers." + key);
  }
  const auto message = [](const Json& answers) {
    const auto e = error_of([&] { checked(answers); });
    return e ? std::string(e->what()) : std::string();
  };
  CHECK(message(answers_with({{"age", 100}})) == "Age must be a number from 16 to 99");
  CHECK(message(answers_with({{"shirt", "XL"}})) == "Shirt size must be one of: S, M, L");
  CHECK(message(answers_with({{"arrival", "7:30"}})) == "Arrival must be a time of day as HH:MM, from 00:00 to 23:59");
  CHECK(message(answers_with({{"birthday", "2023-02-29"}})) == "Birthday must be a date as YYYY-MM-DD");
}

TEST_CASE("registration form: required questions need an answer, optional ones may be left out") {
  for (const Json& blank : {Json(nullptr), Json(""), Json("   "), Json::array()}) {
    CAPTURE(blank.dump());
    auto answers = answers_with(Json::object());
    answers["shirt"] = blank;
    const auto e = error_of([&] { checked(answers); });
    REQUIRE(e);
    CHECK(e->field() == "answers.shirt");
    CHECK(std::string(e->what()) == "Shirt size is required");
    CHECK(checked(answers_with({{"meals", blank}, {"age", blank}, {"first_race", blank}})) ==
          Json{{"name_on_bib", "Ann"}, {"shirt", "M"}});
  }
  const auto e = error_of([] { checked(Json{{"shirt", "M"}}); });
  REQUIRE(e);
  CHECK(e->field() == "answers.name_on_bib");
  CHECK(std::string(e->what()) == "Name on the bib is required");
  CHECK(checked_answers({}, "{}") == "{}");
}

TEST_CASE("registration form: answers to questions the form does not have are refused") {
  const auto e = error_of([] { checked(answers_with({{"shoe_size", 42}})); });
  REQUIRE(e);
  CHECK(e->field() == "answers.shoe_size");
  CHECK(std::string(e->what()) == "the form has no question shoe_size");
  CHECK(refused_field([] { checked(answers_with({{"a key\n", 1}})); }) == "answers");
  CHECK(refused_field([] { checked(answers_with({{"Shirt", "M"}})); }) == "answers.Shirt");
}

TEST_CASE("registration form: answers that are not a JSON object, or too large, are refused") {
  const auto form = sample_form();
  for (const std::string text : {"", "[]", "\"Ann\"", "null", "{\"shirt\":", "{\"name_on_bib\":\"\xff\"}"}) {
    CAPTURE(text);
    CHECK(refused_field([&] { checked_answers(form, text); }) == "answers");
  }
  const std::string padded = R"({"name_on_bib":"Ann","shirt":"M"})" + std::string(64 * 1024, ' ');
  CHECK(refused_field([&] { checked_answers(form, padded); }) == "answers");
  const std::string fits = R"({"name_on_bib":"Ann","shirt":"M"})";
  CHECK(refused_field([&] { checked_answers(form, fits + std::string(64 * 1024 - fits.size(), ' ')); }) == "");
  // Deep nesting within the size limit is refused like any other wrong value.
  const std::string deep = R"({"name_on_bib":)" + std::string(30000, '[') + std::string(30000, ']') + "}";
  CHECK(refused_field([&] { checked_answers(form, deep); }) == "answers.name_on_bib");
}

TEST_CASE("registration form: answers are stored in the form's order") {
  const auto stored = checked_answers(
      sample_form(), R"({"meals":["dinner","lunch"],"shirt":"S","age":42,"name_on_bib":" Ann ","first_race":null})");
  CHECK(stored == R"({"name_on_bib":"Ann","age":42,"shirt":"S","meals":["lunch","dinner"]})");
  CHECK(checked_answers(sample_form(), stored) == stored);
}

TEST_CASE("registration form: answers as display text for exports") {
  const auto form = sample_form();
  const auto stored = checked_answers(
      form, R"({"name_on_bib":"Ann","shirt":"M","age":30.50,"first_race":false,"meals":["dinner","breakfast"],
              "birthday":"1990-05-01","arrival":"07:30","emergency_phone":"+4915123456789"})");
  const auto text = [&](std::size_t i) { return answer_text(form[i], stored); };
  CHECK(text(0) == "Ann");
  CHECK(text(1) == "30.5");
  CHECK(text(2) == "no");
  CHECK(text(3) == "M");
  CHECK(text(4) == "breakfast, dinner");
  CHECK(text(5) == "1990-05-01");
  CHECK(text(6) == "07:30");
  CHECK(text(7) == "+4915123456789");
  CHECK(answer_text(form[1], checked_answers(form, R"({"name_on_bib":"A","shirt":"M","age":42})")) == "42");
  CHECK(answer_text(form[1], checked_answers(form, R"({"name_on_bib":"A","shirt":"M","age":42.0})")) == "42");
  CHECK(answer_text(form[2], checked_answers(form, R"({"name_on_bib":"A","shirt":"M","first_race":true})")) == "yes");
  CHECK(answer_text(form[4], R"({"name_on_bib":"A"})") == "");
  CHECK(answer_text(form[0], "") == "");
}
