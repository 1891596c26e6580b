// Passwords, tokens and codes never come back in an answer or an error message.
#include "api/registry.hpp"
#include "unit/fixture.hpp"

using namespace fitkit;
using namespace fitkit::test;

TEST_CASE("no error message and no answer echoes a secret parameter") {
  TestPlatform t;
  t.make_user("ann@example.com");
  auto ann = t.actor_of(t.login("ann@example.com"));
  const std::string marker = "Zq9-secret-marker-that-must-not-leak";
  for (const auto& op : api::registry().all()) {
    bool has_secret = false;
    Json params = Json::object();
    for (const auto& spec : op.params) {
      if (spec.secret) has_secret = true;
      if (spec.secret) params[spec.name] = marker;
      else if (spec.required && spec.type == api::ParamType::string) params[spec.name] = "ann@example.com";
      else if (spec.required && spec.type == api::ParamType::id) params[spec.name] = format_id(*spec.id_kind, 42);
    }
    if (!has_secret) continue;
    CAPTURE(op.name);
    const Actor anonymous = Actor::anonymous();
    for (const Actor* actor : std::vector<const Actor*>{&ann, &anonymous}) {
      try {
        auto out = t.platform->call(op.name, *actor, params.dump());
        CHECK(out.find(marker) == std::string::npos);
      } catch (const Error& e) {
        CHECK(std::string(e.what()).find(marker) == std::string::npos);
        CHECK(e.field().find(marker) == std::string::npos);
      }
    }
  }
  // Nor does the audit log or the outbox.
  auto c = t.platform->database().acquire();
  CHECK(c->query_i64("SELECT COUNT(*) FROM audit_log WHERE detail LIKE ?", {"%" + marker + "%"}) == 0);
  CHECK(c->query_i64("SELECT COUNT(*) FROM outbox WHERE payload LIKE ?", {"%" + marker + "%"}) == 0);
  CHECK(c->query_i64("SELECT COUNT(*) FROM audit_log WHERE detail LIKE ?", {std::string("%") + kPassword + "%"}) == 0);
}
