// The store behind Idempotency-Key: what it claims, replays and forgets, on its own.
#include "api/idempotency_store.hpp"
#include "unit/fixture.hpp"

using fitkit::api::IdempotencyStore;
using Outcome = IdempotencyStore::Outcome;

namespace {

IdempotencyStore::Claim claim(IdempotencyStore& store, std::string_view caller, std::string_view key,
                              std::string_view body = "{}") {
  return store.claim(caller, key, "POST", "/v1/things", body);
}

}  // namespace

TEST_CASE("idempotency store: claim, keep, replay; another request with the key is reused") {
  fitkit::test::TestPlatform t;
  IdempotencyStore store(*t.platform);
  auto first = claim(store, "usr_a", "k1");
  CHECK(first.outcome == Outcome::claimed);
  CHECK(claim(store, "usr_a", "k1").outcome == Outcome::in_use);
  store.keep(first, {201, "application/json", R"({"id":"x"})"});

  auto again = claim(store, "usr_a", "k1");
  CHECK(again.outcome == Outcome::replay);
  CHECK(again.answer.status == 201);
  CHECK(again.answer.content_type == "application/json");
  CHECK(again.answer.body == R"({"id":"x"})");
  // Keeping a replay changes nothing.
  store.keep(again, {500, "text/plain", "no"});
  CHECK(claim(store, "usr_a", "k1").answer.status == 201);

  CHECK(claim(store, "usr_a", "k1", R"({"other":1})").outcome == Outcome::reused);
  CHECK(store.claim("usr_a", "k1", "PUT", "/v1/things", "{}").outcome == Outcome::reused);
  // Keys are per caller.
  CHECK(claim(store, "usr_b", "k1").outcome == Outcome::claimed);
}

TEST_CASE("idempotency store: a released claim is free again; an abandoned one after its lease") {
  fitkit::test::TestPlatform t;
  IdempotencyStore store(*t.platform);
  auto first = claim(store, "ip:127.0.0.1", "k2");
  store.release(first);
  auto second = claim(store, "ip:127.0.0.1", "k2");
  CHECK(second.outcome == Outcome::claimed);
  // The process running `second` dies: after the lease the key may be claimed again.
  t.clock->advance(IdempotencyStore::kLeaseMs - 1);
  CHECK(claim(store, "ip:127.0.0.1", "k2").outcome == Outcome::in_use);
  t.clock->advance(2);
  auto third = claim(store, "ip:127.0.0.1", "k2");
  CHECK(third.outcome == Outcome::claimed);
  // A late release by the process of `second` does not drop what `third` kept.
  store.keep(third, {200, "application/json", "{}"});
  store.release(second);
  CHECK(claim(store, "ip:127.0.0.1", "k2").outcome == Outcome::replay);
}

TEST_CASE("idempotency store: a database that fails is an error, never a replay") {
  fitkit::test::TestPlatform t;
  IdempotencyStore store(*t.platform);
  t.platform->database().acquire()->exec("DROP TABLE idempotency_keys");
  CHECK_THROWS_AS(claim(store, "usr_a", "k3"), fitkit::Error);
}
