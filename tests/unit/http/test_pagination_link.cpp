// Link: <…>; rel="next" on pages of lists that take a cursor.
#include <doctest/doctest.h>

#include <algorithm>

#include "api/registry.hpp"
#include "http/link.hpp"
#include "unit/fixture.hpp"
#include "unit/http/handler_harness.hpp"

using namespace fitkit;

namespace {

// A list of the numbers 1..7, `limit` at a time, after the cursor "n<last>".
api::Registry numbers_registry() {
  api::Registry r;
  r.add({"things.list", "Numbers", api::HttpMethod::get, "/v1/things", api::Access::anyone,
         {{"cursor", api::ParamType::string, false, "next_cursor of the previous page"},
          {"limit", api::ParamType::integer, false, "page size"},
          {"tag", api::ParamType::string, false, "echoed"}},
         [](api::Context&, const api::Json& p) {
           const auto limit = api::opt_int(p, "limit").value_or(3);
           const auto cursor = api::opt_str(p, "cursor");
           int from = cursor ? std::stoi(cursor->substr(1)) + 1 : 1;
           api::Json items = api::Json::array();
           for (int n = from; n <= 7 && static_cast<std::int64_t>(items.size()) < limit; ++n) items.push_back(n);
           api::Json next = nullptr;
           if (!items.empty() && items.back() != 7) next = "n" + std::to_string(items.back().get<int>()) + " &/";
           return api::Json{{"items", items}, {"next_cursor", next}};
         },
         "items"});
  r.add({"things.legacy", "A list without a cursor parameter", api::HttpMethod::get, "/v1/legacy",
         api::Access::anyone, {},
         [](api::Context&, const api::Json&) { return api::Json{{"items", {1}}, {"next_cursor", "x"}}; }, "items"});
  return r;
}

http::ServerOptions no_budgets() {
  http::ServerOptions o;
  o.rate_limits.clear();
  return o;
}

}  // namespace

TEST_CASE("link: the same path and query with the cursor replaced and encoded") {
  CHECK(http::next_page_link("/v1/users", "", "usr_1") == R"(</v1/users?cursor=usr_1>; rel="next")");
  CHECK(http::next_page_link("/v1/users", "limit=2", "usr_1") == R"(</v1/users?limit=2&cursor=usr_1>; rel="next")");
  CHECK(http::next_page_link("/v1/users", "cursor=old&limit=2", "new") ==
        R"(</v1/users?limit=2&cursor=new>; rel="next")");
  CHECK(http::next_page_link("/v1/users", "limit=2&cursor=old&cursor=older&q=a%20b+c", "n") ==
        R"(</v1/users?limit=2&q=a%20b+c&cursor=n>; rel="next")");
  CHECK(http::next_page_link("/v1/users", "%63ursor=old&x=1", "n") == R"(</v1/users?x=1&cursor=n>; rel="next")");
  // The cursor is opaque: everything but unreserved characters is escaped.
  CHECK(http::next_page_link("/v1/x", "", "a b&c=d/e+f%~") ==
        R"(</v1/x?cursor=a%20b%26c%3Dd%2Fe%2Bf%25~>; rel="next")");
  // Nothing that could close the reference or the header gets through.
  CHECK(http::next_page_link("/v1/<x>", "a=\">\r\n&b=%zz", "n") ==
        R"(</v1/%3Cx%3E?a=%22%3E%0D%0A&b=%25zz&cursor=n>; rel="next")");
}

TEST_CASE("link: a page with a next cursor links to the next one; the last page does not") {
  test::TestPlatform t;
  const api::Registry registry = numbers_registry();
  http::Handler handler(*t.platform, registry, "{}", no_budgets());

  auto first = test::run(handler, test::get("/v1/things?limit=3&tag=x"));
  REQUIRE(first.status == 200);
  CHECK(first.json()["items"] == api::Json::array({1, 2, 3}));
  const std::string link = first.header("Link");
  CHECK(link == R"(</v1/things?limit=3&tag=x&cursor=n3%20%26%2F>; rel="next")");

  // Following the link as a client would gives the next page.
  const std::string next_target = link.substr(1, link.find('>') - 1);
  auto second = test::run(handler, test::get(next_target));
  REQUIRE(second.status == 200);
  CHECK(second.json()["items"] == api::Json::array({4, 5, 6}));
  CHECK(second.header("Link") == R"(</v1/things?limit=3&tag=x&cursor=n6%20%26%2F>; rel="next")");

  auto last = test::run(handler, test::get(second.header("Link").substr(1, second.header("Link").find('>') - 1)));
  CHECK(last.json()["items"] == api::Json::array({7}));
  CHECK(last.json()["next_cursor"].is_null());
  CHECK(last.header("Link").empty());

  // Without a cursor parameter there is nothing to link with.
  CHECK(test::run(handler, test::get("/v1/legacy")).header("Link").empty());
}

TEST_CASE("link: lists of the registry that take a cursor link their pages") {
  test::TestPlatform t;
  const api::Operation* list = api::registry().find("users.list");
  REQUIRE(list);
  const bool takes_cursor = std::any_of(list->params.begin(), list->params.end(),
                                        [](const api::ParamSpec& p) { return p.name == "cursor"; });
  if (!takes_cursor) return;  // the registry names it otherwise
  t.call("users.create", Actor::system(),
         {{"email", "pager@example.com"}, {"password", test::kPassword}, {"roles", {"admin"}}});
  t.make_user("paged1@example.com");
  t.make_user("paged2@example.com");
  const std::string token = t.login("pager@example.com")["access_token"];
  http::Handler handler(*t.platform, api::registry(), "{}", no_budgets());
  auto page = test::run(handler, test::get("/v1/users?limit=1").bearer(token));
  REQUIRE(page.status == 200);
  REQUIRE(page.json()["next_cursor"].is_string());
  const std::string link = page.header("Link");
  CHECK(link.rfind("</v1/users?limit=1&cursor=", 0) == 0);
  auto next = test::run(handler, test::get(link.substr(1, link.find('>') - 1)).bearer(token));
  CHECK(next.status == 200);
  CHECK(next.json()["items"][0]["id"] != page.json()["items"][0]["id"]);
}
