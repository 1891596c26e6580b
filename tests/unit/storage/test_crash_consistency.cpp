// Crash consistency on both backends: a writer process killed with SIGKILL at random moments
// loses no acknowledged commit, leaves no change half-applied and no damage behind
// (tests/support/crash_rounds.hpp). A fixed seed, and FITKIT_CRASH_SEED to replay another.
#include <doctest/doctest.h>

#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "support/crash_rounds.hpp"
#include "support/pg_cluster.hpp"
#include "support/temp_dir.hpp"

using namespace fitkit;

namespace {

constexpr int kRounds = 15;
constexpr std::uint64_t kFixedSeed = 20240611;

std::vector<std::uint64_t> seeds() {
  std::vector<std::uint64_t> out{kFixedSeed};
  if (const char* s = std::getenv("FITKIT_CRASH_SEED"); s && *s) out.push_back(std::stoull(s));
  return out;
}

// The rounds test both backends themselves: under the ctest entry that reruns the suite on
// PostgreSQL they would only repeat the same work.
test::PgCluster& cluster() { return test::shared_pg_cluster(); }

bool rerun_on_postgresql() {
  const char* backend = std::getenv("FITKIT_TEST_DOMAIN_BACKEND");
  return backend && std::string(backend) == "postgresql";
}

void check_report(const test::CrashRoundsReport& r) {
  INFO(r.summary());
  INFO("replay with FITKIT_CRASH_SEED=" << r.seed);
  CHECK(r.rounds == kRounds);
  CHECK(r.lost == 0);
  CHECK(r.half_applied == 0);
  CHECK(r.integrity_failures == 0);
  CHECK(r.problems.empty());
  CHECK(r.acknowledged_found == r.acknowledged);
  // The rounds did real work, and kills landed while units were running.
  CHECK(r.acknowledged > kRounds * 10);
  CHECK(r.kills_mid_unit > 0);
}

}  // namespace

TEST_CASE("crash consistency: SQLite in WAL mode survives a writer killed at random moments") {
  if (rerun_on_postgresql()) return;
  for (const auto seed : seeds()) {
    test::TempDir dir("fitkit-crash-sqlite");
    const auto report =
        test::run_crash_rounds([&] { return "sqlite:" + (dir / "crash.db").string(); }, kRounds, seed);
    check_report(report);
  }
}

TEST_CASE("crash consistency: PostgreSQL keeps nothing of a client killed mid-transaction") {
  if (rerun_on_postgresql()) return;
  for (const auto seed : seeds()) {
    const auto report = test::run_crash_rounds([] { return cluster().create_database(); }, kRounds, seed);
    check_report(report);
    if (!std::getenv("FITKIT_TEST_POSTGRES_URL")) CHECK(report.amcheck);
  }
}

namespace {

// One round on a fresh SQLite file, checked clean; the subcases then damage it on purpose.
struct OneRound {
  test::TempDir dir{"fitkit-crash-tamper"};
  std::string url = "sqlite:" + (dir / "crash.db").string();
  test::crash::RoundLog log;
  std::unique_ptr<test::crash::Checker> checker;

  OneRound() {
    test::crash::prepare(url, dir.path());
    log = test::crash::run_child(url, dir.path(), 0, std::chrono::milliseconds(400), {}, kFixedSeed);
    checker = std::make_unique<test::crash::Checker>(url, false);
    const auto clean = checker->check(log, 0);
    INFO(clean.problems.size());
    REQUIRE(clean.acknowledged > 0);
    REQUIRE((clean.lost == 0 && clean.half_applied == 0 && clean.integrity_ok));
  }

  std::vector<std::int64_t> all_acked(const std::string& kind) const {
    std::vector<std::int64_t> out;
    for (const auto& [txid, b] : log.begun)
      if (b.kind == kind && log.acked.count(txid)) out.push_back(txid);
    return out;
  }
  std::int64_t acked(const std::string& kind) const {
    const auto all = all_acked(kind);
    if (all.empty()) FAIL("no acknowledged " << kind << " in the round");
    return all.empty() ? 0 : all.front();
  }

  // Damages the database as `damage` does (foreign keys off, as a broken file would not check
  // them), then checks it again.
  test::crash::Findings tamper(const std::function<void(storage::Connection&)>& damage) {
    {
      auto db = storage::open_database(url);
      auto c = db->acquire();
      c->run_script("PRAGMA foreign_keys = OFF");
      damage(*c);
    }
    return checker->check(log, 1);
  }
};

}  // namespace

TEST_CASE("crash consistency: the checks find what a crash could have done wrong") {
  if (rerun_on_postgresql()) return;
  OneRound r;
  SUBCASE("an acknowledged transfer gone whole: lost, though the balances still add up") {
    const auto t = r.acked("transfer");
    const auto f = r.tamper([&](storage::Connection& c) {
      c.exec("UPDATE crash_accounts SET balance = balance - (SELECT delta FROM crash_ledger_lines l"
             " WHERE l.txid = ? AND l.account_id = crash_accounts.id)"
             " WHERE id IN (SELECT account_id FROM crash_ledger_lines WHERE txid = ?)",
             {t, t});
      c.exec("DELETE FROM crash_ledger_lines WHERE txid = ?", {t});
      c.exec("DELETE FROM crash_ledger WHERE txid = ?", {t});
    });
    CHECK(f.lost >= 1);
    CHECK(f.half_applied == 0);
  }
  SUBCASE("a transfer with one line and one balance change missing: half-applied") {
    const auto t = r.acked("transfer");
    const auto f = r.tamper([&](storage::Connection& c) {
      c.exec("DELETE FROM crash_ledger_lines WHERE txid = ? AND account_id ="
             " (SELECT min(account_id) FROM crash_ledger_lines WHERE txid = ?)",
             {t, t});
    });
    CHECK(f.half_applied >= 1);
  }
  SUBCASE("a batch with rows of two versions: half-applied") {
    const auto f = r.tamper([](storage::Connection& c) {
      c.exec("UPDATE crash_batch_rows SET version = version + 1"
             " WHERE batch = (SELECT min(txid) FROM crash_batches) AND n = 0");
    });
    CHECK(f.half_applied >= 1);
  }
  SUBCASE("a registered user without the verification mail: half-applied") {
    const auto f = r.tamper([](storage::Connection& c) {
      c.exec("DELETE FROM outbox WHERE recipient = (SELECT min(email) FROM users)");
    });
    CHECK(f.half_applied >= 1);
  }
  SUBCASE("an acknowledged registration gone whole: lost") {
    const auto f = r.tamper([&](storage::Connection& c) {
      for (const auto txid : r.all_acked("reg")) {  // the first whose user was not deleted in the round
        const auto id = c.query_i64("SELECT id FROM users WHERE email = ?", {test::crash::email_of(txid)});
        if (!id) continue;
        c.exec("DELETE FROM profiles WHERE user_id = ?", {*id});
        c.exec("DELETE FROM users WHERE id = ?", {*id});
        return;
      }
      FAIL("no acknowledged registration whose user is still there");
    });
    CHECK(f.lost >= 1);
  }
  SUBCASE("a row whose parent is gone: the foreign key check fails") {
    const auto f = r.tamper([](storage::Connection& c) {
      c.exec("DELETE FROM crash_batches WHERE txid = (SELECT min(txid) FROM crash_batches)");
    });
    CHECK_FALSE(f.integrity_ok);
  }
}

TEST_CASE("crash consistency: on PostgreSQL the catalog-driven foreign key check finds an orphan row") {
  if (rerun_on_postgresql() || std::getenv("FITKIT_TEST_POSTGRES_URL")) return;  // needs a superuser
  test::TempDir dir("fitkit-crash-pg-orphan");
  const auto url = cluster().create_database();
  const bool amcheck = test::crash::prepare(url, dir.path());
  CHECK(amcheck);
  test::crash::Checker checker(url, amcheck);
  CHECK(checker.check({}, 0).integrity_ok);
  // A replica session skips the foreign key triggers, as damage would.
  storage::open_database(url)->acquire()->run_script(
      "SET session_replication_role = replica;"
      "INSERT INTO crash_ledger_lines (txid, account_id, delta) VALUES (42, 1, 0);");
  const auto f = checker.check({}, 1);
  CHECK_FALSE(f.integrity_ok);
  REQUIRE_FALSE(f.problems.empty());
  CHECK(f.problems.front().find("crash_ledger_lines") != std::string::npos);
}
