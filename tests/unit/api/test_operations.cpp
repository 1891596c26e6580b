// Rules that hold for every operation of the registry.
#include <regex>
#include <set>

#include "api/registry.hpp"
#include "unit/fixture.hpp"

using namespace fitkit;
using namespace fitkit::test;

namespace {

// A value of the right type for a parameter, so that only the rule under test can fail.
Json sample(const api::ParamSpec& spec, const std::string& text) {
  switch (spec.type) {
    case api::ParamType::integer: return 1;
    case api::ParamType::number: return 1.5;
    case api::ParamType::boolean: return true;
    case api::ParamType::array: return Json::array({text});
    case api::ParamType::object: return Json::object();
    case api::ParamType::id: return format_id(*spec.id_kind, 1234567);
    case api::ParamType::string: return text;
    case api::ParamType::file: return "QUJD";  // "ABC"
  }
  return text;
}

}  // namespace

TEST_CASE("every signed-in operation refuses an anonymous caller and changes nothing") {
  TestPlatform t;
  t.make_user("ann@example.com");
  auto users_before = t.platform->database().acquire()->query_i64("SELECT COUNT(*) FROM audit_log");
  for (const auto& op : api::registry().all()) {
    if (op.access != api::Access::signed_in) continue;
    Json params = Json::object();
    for (const auto& spec : op.params)
      if (spec.required) params[spec.name] = sample(spec, "x");
    CAPTURE(op.name);
    CHECK(error_of([&] { t.call(op.name, Actor::anonymous(), params); }) == ErrorCode::unauthenticated);
  }
  CHECK(t.platform->database().acquire()->query_i64("SELECT COUNT(*) FROM audit_log") == users_before);
}

TEST_CASE("unknown parameters, wrong types and missing fields are refused before anything runs") {
  TestPlatform t;
  auto ann_id = t.make_user("ann@example.com");
  auto ann = t.actor_of(t.login("ann@example.com"));
  // Mass assignment: roles, status and ids are not parameters of profile.update.
  for (const char* field : {"roles", "status", "id", "user_id", "email"}) {
    CAPTURE(field);
    CHECK(error_of([&] { t.call("profile.update", ann, {{field, "admin"}}); }) == ErrorCode::invalid_argument);
  }
  CHECK(t.call("profile.get", ann)["roles"] == Json::array({"user"}));
  CHECK(error_of([&] { t.call("profile.update", ann, {{"height_cm", "tall"}}); }) == ErrorCode::invalid_argument);
  CHECK(error_of([&] { t.call("auth.login", Actor::anonymous(), {{"email", "ann@example.com"}}); }) ==
        ErrorCode::invalid_argument);
  CHECK(error_of([&] { t.call("users.get", ann, {{"user_id", "ses_0000000000001"}}); }) ==
        ErrorCode::invalid_argument);
  CHECK(error_of([&] { t.platform->call("profile.get", ann, "{not json"); }) == ErrorCode::invalid_argument);
  CHECK(error_of([&] { t.platform->call("profile.get", ann, "[1,2]"); }) == ErrorCode::invalid_argument);
  CHECK(error_of([&] { t.call("no.such.operation", ann); }) == ErrorCode::not_found);
  CHECK(t.call("users.get", ann, {{"user_id", ann_id}})["id"] == ann_id);
  // JSON may carry \u0000; no text parameter takes it, whatever the backend.
  try {
    t.login("ann@example.com", kPassword);
    t.call("auth.login", Actor::anonymous(),
           {{"email", "ann@example.com"}, {"password", kPassword}, {"device_name", std::string("a\0b", 3)}});
    FAIL("a NUL in device_name was accepted");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::invalid_argument);
    CHECK(e.field() == "device_name");
  }
  CHECK(t.call("sessions.list", ann)["items"].size() == 2);  // the refused login made no session
  // A count too large for an int is refused as too large, not wrapped round to a small one.
  CHECK(error_of([&] { t.call("notifications.list", ann, {{"limit", 4294967297LL}}); }) ==
        ErrorCode::invalid_argument);
}

TEST_CASE("injection attempts in every text parameter are data, never SQL") {
  TestPlatform t;
  t.make_user("ann@example.com");
  auto admin = t.make_admin("root@example.com");
  const std::vector<std::string> attacks{"'; DROP TABLE users; --", "\" OR 1=1 --", "%' OR '1'='1",
                                         "x\r\nBcc: evil@example.com", std::string("nul\0byte", 8),
                                         "../../../etc/passwd", "<script>alert(1)</script>", "${jndi:ldap://x}"};
  for (const auto& op : api::registry().all()) {
    if (op.name == "users.block" || op.name == "auth.logout" || op.name == "sessions.revoke_others") continue;
    for (const auto& attack : attacks) {
      Json params = Json::object();
      for (const auto& spec : op.params)
        if (spec.required || spec.type == api::ParamType::string) params[spec.name] = sample(spec, attack);
      CAPTURE(op.name);
      CAPTURE(attack);
      auto code = error_of([&] { t.call(op.name, admin, params); });
      CHECK(code != ErrorCode::internal);
    }
  }
  auto c = t.platform->database().acquire();
  CHECK(c->query_i64("SELECT COUNT(*) FROM users WHERE email = 'ann@example.com'") == 1);
  CHECK(c->query_i64("SELECT COUNT(*) FROM users") >= 2);
}

TEST_CASE("operation names, routes and parameters follow the conventions") {
  std::set<std::string> routes;
  for (const auto& op : api::registry().all()) {
    CAPTURE(op.name);
    CHECK(op.path.rfind("/v1/", 0) == 0);
    CHECK(!op.summary.empty());
    CHECK(routes.insert(std::string(api::to_string(op.method)) + " " + op.path).second);
    for (const auto& p : api::path_parameters(op.path)) {
      auto it = std::find_if(op.params.begin(), op.params.end(), [&](auto& s) { return s.name == p; });
      CHECK(it != op.params.end());
    }
    for (const auto& spec : op.params) {
      CHECK(!spec.help.empty());
      // snake_case: a lower-case letter, then letters, digits and underscores.
      CHECK(std::regex_match(spec.name, std::regex("[a-z][a-z0-9_]*")));
      if (spec.type == api::ParamType::id) CHECK(spec.id_kind.has_value());
    }
  }
  for (const char* required : {"auth.register", "auth.verify_email", "auth.login", "auth.refresh", "auth.logout",
                                "auth.password_reset.request", "auth.password_reset.confirm", "sessions.list",
                                "sessions.revoke", "profile.get", "profile.update"})
    CHECK(api::registry().find(required) != nullptr);
  CHECK(api::registry().find("profile.get")->path == "/v1/me");
}
