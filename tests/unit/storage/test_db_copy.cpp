// `db copy`: a platform database made through the domain, copied SQLite -> PostgreSQL and
// SQLite -> SQLite, then compared row by row; refusals; resuming an interrupted copy; a
// tampered target caught by the verification.
#include <algorithm>
#include <cstdio>
#include <limits>
#include <map>

#include "fitkit/db_copy.hpp"
#include "storage/copy_catalog.hpp"
#include "support/temp_dir.hpp"
#include "unit/fixture.hpp"

using namespace fitkit;
using namespace fitkit::storage;
using namespace fitkit::test;

namespace {

constexpr std::int64_t kBig = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kSmall = std::numeric_limits<std::int64_t>::min();
const std::string kBytes("\x00\xff\x01'\\x00\x80?", 9);
const std::string kUnicode = "Ärger über Ωmega — 東京 🏃‍♀️";

// A table no migration has: a blob, reals, extreme integers, NULLs and a foreign key, declared
// with the portable names. It sorts before `users`, which it references.
constexpr const char* kExtrasTable =
    "CREATE TABLE copy_extras (id BIGINT PRIMARY KEY, user_id BIGINT REFERENCES users(id), "
    "label TEXT, payload BYTEA, ratio DOUBLE PRECISION, big BIGINT)";

// A source database with real data made through the operations: users (one admin), profiles
// with unicode, sessions and refresh tokens, metrics with reals, preferences, outbox rows
// (delivered and pending), notifications and the audit log; plus copy_extras.
void fill_source(const std::string& url) {
  {
    TestPlatform t({}, url);
    t.make_admin("admin@example.com");
    t.make_user("ann@example.com", "ann_runs");
    t.make_user("bob@example.com");
    auto ann = t.actor_of(t.login("ann@example.com"));
    t.login("bob@example.com");
    t.call("profile.update", ann,
           {{"first_name", "Анна"},
            {"city", kUnicode},
            {"about", "line one\nline \"two\"\ttab"},
            {"height_cm", 170.5},
            {"weight_kg", 61.25},
            {"interests", {"running", "yoga"}},
            {"time_zone", "Europe/Moscow"}});
    t.call("metrics.record", ann, {{"date", "2025-12-30"}, {"weight_kg", 70.1}, {"resting_hr", 58}});
    t.call("metrics.record", ann, {{"date", "2025-12-31"}, {"height_cm", 171}});
    t.call("notifications.preferences.set", ann,
           {{"type", "marketing"}, {"channel", "email"}, {"enabled", true}});
    t.call("auth.register", Actor::anonymous(), {{"email", "pending@example.com"}, {"password", kPassword}});
    for (int i = 0; i < 25; ++i)  // enough rows for several small batches
      t.call("auth.register", Actor::anonymous(),
             {{"email", "user" + std::to_string(i) + "@example.com"}, {"password", kPassword}});
    t.platform->outbox().deliver_due(5);  // some delivered, the rest pending
    t.clock->advance(kMinuteMs);
    CHECK(error_of([&] { t.login("bob@example.com", "a wrong password, surely not bob's"); }) ==
          ErrorCode::unauthenticated);
  }
  auto db = open_database(url);
  auto c = db->acquire();
  c->exec(kExtrasTable);
  const auto ann = c->query_i64("SELECT id FROM users WHERE email = 'ann@example.com'");
  c->exec("INSERT INTO copy_extras VALUES (?, ?, ?, ?, ?, ?)",
          {1, ann, kUnicode, BlobView{kBytes}, 0.1, kBig});
  c->exec("INSERT INTO copy_extras VALUES (?, ?, ?, ?, ?, ?)",
          {2, nullptr, "", BlobView{""}, -1.5e300, kSmall});
  c->exec("INSERT INTO copy_extras VALUES (?, ?, ?, ?, ?, ?)",
          {3, nullptr, nullptr, nullptr, nullptr, nullptr});
  c->exec("INSERT INTO copy_extras VALUES (?, ?, ?, ?, ?, ?)",
          {kBig, ann, "x", BlobView{std::string(3000, '\0')}, 5e-324, 0});
}

// A target made ready for copy_extras: migrated, with the table added as a later migration would.
std::unique_ptr<Database> prepared_target(const std::string& url) {
  auto db = open_database(url);
  migrate(*db, 0);
  db->acquire()->exec(kExtrasTable);
  return db;
}

// Every table as sorted lines of typed values, read independently of the copy's own reading.
std::map<std::string, std::vector<std::string>> dump(Database& db) {
  std::map<std::string, std::vector<std::string>> out;
  auto c = db.acquire();
  for (const auto& t : copy::read_catalog(*c)) {
    auto& lines = out[t.name];
    c->query("SELECT * FROM " + copy::quote_name(t.name), {}, [&](const Row& r) {
      std::string line;
      for (int i = 0; i < r.size(); ++i) {
        char real[64];
        switch (t.columns[static_cast<std::size_t>(i)].kind) {
          case copy::Kind::integer: line += r.is_null(i) ? "N" : "I" + std::to_string(r.i64(i)); break;
          case copy::Kind::real:
            std::snprintf(real, sizeof real, "%a", r.f64(i));
            line += r.is_null(i) ? "N" : "R" + std::string(real);
            break;
          case copy::Kind::blob: line += r.is_null(i) ? "N" : "B" + crypto::hex(r.blob(i)); break;
          default: line += r.is_null(i) ? "N" : "T" + r.text(i); break;
        }
        line += '|';
      }
      lines.push_back(line);
    });
    std::sort(lines.begin(), lines.end());
  }
  return out;
}

std::size_t position(const CopyReport& report, const std::string& table) {
  auto it =
      std::find_if(report.tables.begin(), report.tables.end(), [&](auto& t) { return t.name == table; });
  REQUIRE(it != report.tables.end());
  return static_cast<std::size_t>(it - report.tables.begin());
}

std::int64_t count(Database& db, const std::string& table) {
  return db.acquire()->query_i64("SELECT count(*) FROM " + table).value_or(-1);
}

// Copies and checks everything a copy promises: the report, the order, the rows, the types.
void check_full_copy(Database& from, Database& to) {
  const auto report = copy_database(from, to);
  CHECK(report.verified());
  CHECK(!report.resumed);
  CHECK(report.from == from.describe());
  CHECK(report.to == to.describe());
  CHECK(report.schema_version >= 4);
  CHECK(position(report, "users") < position(report, "profiles"));
  CHECK(position(report, "users") < position(report, "copy_extras"));
  CHECK(position(report, "sessions") < position(report, "refresh_tokens"));
  std::int64_t rows = 0;
  for (const auto& t : report.tables) {
    CAPTURE(t.name);
    CHECK(t.name != "schema_migrations");
    CHECK(t.copied == t.source_rows);
    CHECK(t.target_rows == t.source_rows);
    CHECK(t.source_checksum.size() == 64);
    CHECK(t.source_checksum == t.target_checksum);
    rows += t.source_rows;
  }
  CHECK(report.rows_copied() == rows);
  CHECK(report.tables[position(report, "users")].copied == 29);
  CHECK(report.tables[position(report, "outbox")].copied >= 25);
  CHECK(report.tables[position(report, "login_throttle")].copied >= 1);
  CHECK(report.tables[position(report, "audit_log")].copied > 0);
  CHECK(report.tables[position(report, "sessions")].copied >= 3);
  CHECK(dump(from) == dump(to));

  auto c = to.acquire();
  std::string blob;
  c->query("SELECT payload, big, ratio, label FROM copy_extras WHERE id = 1", {}, [&](const Row& r) {
    blob = r.blob(0);
    CHECK(r.i64(1) == kBig);
    CHECK(r.f64(2) == 0.1);
    CHECK(r.text(3) == kUnicode);
  });
  CHECK(blob == kBytes);
  CHECK(c->query_i64("SELECT big FROM copy_extras WHERE id = 2") == kSmall);
  CHECK(c->query_i64("SELECT count(*) FROM copy_extras WHERE id = 3 AND label IS NULL AND payload IS NULL") ==
        1);
  CHECK(c->query_text("SELECT city FROM profiles WHERE city IS NOT NULL") == kUnicode);
  if (to.dialect() == "sqlite") {
    CHECK(c->query_text("SELECT typeof(payload) FROM copy_extras WHERE id = 1") == "blob");
    CHECK(c->query_text("SELECT typeof(label) FROM copy_extras WHERE id = 1") == "text");
    CHECK(c->query_text("SELECT typeof(ratio) FROM copy_extras WHERE id = 1") == "real");
  }
}

// The copied platform works: the same password signs in, the same tokens verify.
void check_platform_runs_on(const std::string& url) {
  TestPlatform t({}, url);
  auto ann = t.actor_of(t.login("ann@example.com"));
  CHECK(t.call("profile.get", ann)["profile"]["first_name"] == "Анна");
  t.make_user("carol@example.com");
  CHECK(count(t.platform->database(), "users") == 30);
}

struct Interrupted : std::runtime_error {
  Interrupted() : std::runtime_error("interrupted") {}
};

// Copy options that stop the copy (as a kill would) after `batches` committed batches.
CopyOptions stopping_after(int batches, int batch_size, bool resume = false) {
  CopyOptions o;
  o.batch_size = batch_size;
  o.resume = resume;
  o.on_progress = [left = batches](const CopyProgress& p) mutable {
    if (!p.done && --left == 0) throw Interrupted();
  };
  return o;
}

std::string sqlite_url(const TempDir& dir, const std::string& name) {
  return "sqlite:" + (dir / name).string();
}

template <class F>
std::string error_message(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  FAIL("no error");
  return {};
}

}  // namespace

TEST_CASE("db copy: SQLite to PostgreSQL keeps every row with its type, parents first") {
  TempDir dir;
  const std::string source_url = sqlite_url(dir, "source.db");
  fill_source(source_url);
  const std::string target_url = test_postgres_cluster().create_database();
  auto from = open_database(source_url);
  auto to = prepared_target(target_url);
  check_full_copy(*from, *to);
  check_platform_runs_on(target_url);
}

TEST_CASE("db copy: SQLite to SQLite keeps every row with its type; into a fresh file it migrates") {
  TempDir dir;
  const std::string source_url = sqlite_url(dir, "source.db");
  fill_source(source_url);
  auto from = open_database(source_url);
  auto to = prepared_target(sqlite_url(dir, "target.db"));
  check_full_copy(*from, *to);
  check_platform_runs_on(sqlite_url(dir, "target.db"));

  // Without the extra table, a brand-new file is migrated by the copy itself.
  from->acquire()->exec("DROP TABLE copy_extras");
  auto fresh = open_database(sqlite_url(dir, "fresh.db"));
  const auto report = copy_database(*from, *fresh);
  CHECK(report.verified());
  CHECK(migration_status(*fresh).back().applied_at_ms.has_value());
  CHECK(dump(*from) == dump(*fresh));
}

TEST_CASE("db copy: a non-empty target is refused and left alone") {
  TempDir dir;
  const std::string source_url = sqlite_url(dir, "source.db");
  fill_source(source_url);
  auto from = open_database(source_url);
  for (const std::string& target_url :
       {sqlite_url(dir, "target.db"), test_postgres_cluster().create_database()}) {
    CAPTURE(target_url);
    auto to = prepared_target(target_url);
    to->acquire()->exec("INSERT INTO login_throttle VALUES ('ip:1', 1, 0, 0)");
    try {
      copy_database(*from, *to);
      FAIL("copied into a non-empty target");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::failed_precondition);
      CHECK(std::string(e.what()).find("login_throttle") != std::string::npos);
      CHECK(std::string(e.what()).find("--resume") != std::string::npos);
    }
    CHECK(count(*to, "users") == 0);
    CHECK(count(*to, "login_throttle") == 1);
  }
}

TEST_CASE("db copy: an interrupted copy, resumed, ends identical to an uninterrupted one") {
  TempDir dir;
  const std::string source_url = sqlite_url(dir, "source.db");
  fill_source(source_url);
  auto from = open_database(source_url);
  auto whole = prepared_target(sqlite_url(dir, "whole.db"));
  const auto reference = copy_database(*from, *whole, {.resume = false, .batch_size = 4, .on_progress = {}});
  REQUIRE(reference.verified());

  // Stopped after so many batches of 4 rows: in the first table, mid-way, at a table's end...
  std::vector<std::pair<int, std::string>> runs;
  for (int stop : {1, 7, 12, 20})
    runs.emplace_back(stop, sqlite_url(dir, "part" + std::to_string(stop) + ".db"));
  runs.emplace_back(9, test_postgres_cluster().create_database());
  for (const auto& [stop, url] : runs) {
    CAPTURE(url);
    CAPTURE(stop);
    auto to = prepared_target(url);
    CHECK_THROWS_AS(copy_database(*from, *to, stopping_after(stop, 4)), Interrupted);
    const auto partial = dump(*to);
    CHECK(partial != dump(*from));
    // A second interruption of the resumed copy, then the rest.
    CHECK_THROWS_AS(copy_database(*from, *to, stopping_after(3, 4, true)), Interrupted);
    const auto resumed = copy_database(*from, *to, {.resume = true, .batch_size = 4, .on_progress = {}});
    CHECK(resumed.resumed);
    CHECK(resumed.verified());
    CHECK(resumed.rows_copied() < reference.rows_copied());
    CHECK(dump(*to) == dump(*from));
    REQUIRE(resumed.tables.size() == reference.tables.size());
    for (std::size_t i = 0; i < reference.tables.size(); ++i) {
      CHECK(resumed.tables[i].name == reference.tables[i].name);
      CHECK(resumed.tables[i].target_checksum == reference.tables[i].target_checksum);
    }
    // Resuming a finished copy copies nothing and still verifies.
    const auto again = copy_database(*from, *to, {.resume = true, .batch_size = 4, .on_progress = {}});
    CHECK(again.rows_copied() == 0);
    CHECK(again.verified());
  }
}

TEST_CASE("db copy: text keys resume at the same place on both engines (byte order, not a collation's)") {
  TempDir dir;
  auto from = open_database(sqlite_url(dir, "source.db"));
  migrate(*from, 0);
  // A key of two columns: a group, then a text.
  from->acquire()->exec("CREATE TABLE keyed (g BIGINT, k TEXT, v TEXT, PRIMARY KEY (g, k))");
  // Distinct even ignoring case, so that a case-insensitive key takes them all.
  const std::vector<std::string> keys{"b", "A", "Z", "_x", "é", "e", "zz", "ä", "~", "0", "C", "d"};
  for (const auto& k : keys) {
    from->acquire()->exec("INSERT INTO login_throttle VALUES (?, 1, 2, 3)", {k});
    for (int g : {2, 1}) from->acquire()->exec("INSERT INTO keyed VALUES (?, ?, ?)", {g, k, k});
  }
  // Targets whose key columns sort otherwise by themselves: case-insensitively.
  auto pg = open_database(test_postgres_cluster().create_database());
  migrate(*pg, 0);
  pg->acquire()->exec(
      "CREATE TABLE keyed (g BIGINT, k TEXT COLLATE \"und-x-icu\", v TEXT, PRIMARY KEY (g, k))");
  auto lite = open_database(sqlite_url(dir, "target.db"));
  migrate(*lite, 0);
  lite->acquire()->exec("CREATE TABLE keyed (g BIGINT, k TEXT COLLATE NOCASE, v TEXT, PRIMARY KEY (g, k))");
  const auto rows = static_cast<std::int64_t>(keys.size());
  for (Database* to : {pg.get(), lite.get()}) {
    CAPTURE(to->describe());
    // One row a batch: stopped in the middle of keyed, then of login_throttle (the next table).
    CHECK_THROWS_AS(copy_database(*from, *to, stopping_after(5, 1)), Interrupted);
    CHECK(count(*to, "keyed") == 5);
    CHECK_THROWS_AS(copy_database(*from, *to, stopping_after(static_cast<int>(2 * rows - 5 + 3), 1, true)),
                    Interrupted);
    CHECK(count(*to, "keyed") == 2 * rows);
    CHECK(count(*to, "login_throttle") == 3);
    CHECK(copy_database(*from, *to, {.resume = true, .batch_size = 1, .on_progress = {}}).verified());
    CHECK(count(*to, "login_throttle") == rows);
    CHECK(count(*to, "keyed") == 2 * rows);
  }
  // And from PostgreSQL, whose cursor then starts after the key the target has.
  auto back = open_database(sqlite_url(dir, "back.db"));
  migrate(*back, 0);
  back->acquire()->exec("CREATE TABLE keyed (g BIGINT, k TEXT, v TEXT, PRIMARY KEY (g, k))");
  CHECK_THROWS_AS(copy_database(*pg, *back, stopping_after(7, 2)), Interrupted);
  CHECK(count(*back, "keyed") == 14);
  CHECK(copy_database(*pg, *back, {.resume = true, .batch_size = 2, .on_progress = {}}).verified());
  CHECK(dump(*back) == dump(*from));
}

TEST_CASE("db copy: the progress callback hears of every batch and of each table's end") {
  TempDir dir;
  auto from = open_database(sqlite_url(dir, "source.db"));
  migrate(*from, 0);
  for (int i = 0; i < 5; ++i)
    from->acquire()->exec("INSERT INTO login_throttle VALUES (?, 1, 2, 3)", {"k" + std::to_string(i)});
  auto to = open_database(sqlite_url(dir, "target.db"));
  std::vector<std::string> heard;
  CopyOptions o{.resume = false, .batch_size = 2, .on_progress = [&](const CopyProgress& p) {
                  if (p.table == "login_throttle")
                    heard.push_back(std::to_string(p.copied) + "/" + std::to_string(p.in_target) + "/" +
                                    std::to_string(p.in_source) + (p.done ? " done" : ""));
                }};
  copy_database(*from, *to, o);
  CHECK(heard == std::vector<std::string>{"2/2/5", "4/4/5", "5/5/5", "5/5/5 done"});
}

TEST_CASE("db copy: a source not at this build's schema version is refused, the target untouched") {
  TempDir dir;
  auto to = open_database(sqlite_url(dir, "target.db"));
  const auto untouched = [&] { return !to->acquire()->query_i64("SELECT 1 FROM sqlite_master"); };

  auto empty = open_database(sqlite_url(dir, "empty.db"));
  auto message = error_message([&] { copy_database(*empty, *to); });
  CHECK(message.find("no fitkit schema") != std::string::npos);
  CHECK(message.find("fitctl db migrate") != std::string::npos);
  CHECK(!empty->acquire()->query_i64("SELECT 1 FROM sqlite_master"));  // nothing written to the source
  CHECK(untouched());

  auto behind = open_database(sqlite_url(dir, "behind.db"));
  migrate(*behind, 0);
  behind->acquire()->exec(
      "DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)");
  CHECK(error_of([&] { copy_database(*behind, *to); }) == ErrorCode::failed_precondition);
  message = error_message([&] { copy_database(*behind, *to); });
  CHECK(message.find("lacks 1 of this fitkit's migrations") != std::string::npos);
  CHECK(message.find("fitctl db migrate --db sqlite:") != std::string::npos);
  CHECK(untouched());

  auto ahead = open_database(sqlite_url(dir, "ahead.db"));
  migrate(*ahead, 0);
  ahead->acquire()->exec("INSERT INTO schema_migrations VALUES (9999, 'future', 0)");
  CHECK(error_message([&] { copy_database(*ahead, *to); }).find("newer") != std::string::npos);
  CHECK(untouched());
}

TEST_CASE("db copy: a PostgreSQL password never shows in the report or an error") {
  TempDir dir;
  auto from = open_database(sqlite_url(dir, "source.db"));
  migrate(*from, 0);
  from->acquire()->exec("INSERT INTO login_throttle VALUES ('ip:1', 1, 0, 0)");
  // The throwaway cluster trusts its user: a password in the URL is accepted and unused.
  std::string url = test_postgres_cluster().create_database();
  if (url.starts_with("postgresql://fitkit@")) {
    url.replace(0, 20, "postgresql://fitkit:s3cret-pw@");
    auto with_password = open_database(url);
    auto report = copy_database(*from, *with_password);
    CHECK(report.to.find("s3cret") == std::string::npos);
    CHECK(report.to.find("***") != std::string::npos);
    auto message = error_message([&] { copy_database(*from, *with_password); });
    CHECK(message.find("s3cret") == std::string::npos);
    CHECK(message.find("***") != std::string::npos);
  }
}

TEST_CASE("db copy: verification catches a target that differs, naming the table") {
  TempDir dir;
  const std::string source_url = sqlite_url(dir, "source.db");
  fill_source(source_url);
  auto from = open_database(source_url);
  for (const std::string& url : {sqlite_url(dir, "target.db"), test_postgres_cluster().create_database()}) {
    CAPTURE(url);
    auto to = prepared_target(url);
    REQUIRE(copy_database(*from, *to).verified());
    CHECK(verify_copy(*from, *to).verified());

    const auto mismatch_in = [&](const std::string& table) {
      try {
        verify_copy(*from, *to);
        FAIL("no mismatch found");
      } catch (const CopyMismatch& e) {
        CHECK(e.code() == ErrorCode::conflict);
        CHECK(std::string(e.what()).find(table) != std::string::npos);
        CHECK(!e.report().verified());
        for (const auto& t : e.report().tables) CHECK(t.matches() == (t.name != table));
      }
    };
    // Same count, one value changed: only the checksum can tell.
    to->acquire()->exec("UPDATE profiles SET city = ? WHERE city IS NOT NULL", {kUnicode + " "});
    mismatch_in("profiles");
    to->acquire()->exec("UPDATE profiles SET city = ? WHERE city IS NOT NULL", {kUnicode});
    // One byte of a blob, then a NULL that became an empty string.
    to->acquire()->exec("UPDATE copy_extras SET payload = ? WHERE id = 1",
                        {BlobView{"\x01" + kBytes.substr(1)}});
    mismatch_in("copy_extras");
    to->acquire()->exec("UPDATE copy_extras SET payload = ? WHERE id = 1", {BlobView{kBytes}});
    to->acquire()->exec("UPDATE copy_extras SET label = '' WHERE id = 3");
    mismatch_in("copy_extras");
    to->acquire()->exec("UPDATE copy_extras SET label = NULL WHERE id = 3");
    // A row less; not the last one, which a resumed copy would copy again.
    to->acquire()->exec(
        "DELETE FROM refresh_tokens WHERE token_hash = (SELECT min(token_hash) FROM refresh_tokens)");
    mismatch_in("refresh_tokens");
    // A resumed copy does not hide it either: the report comes with the error.
    try {
      copy_database(*from, *to, {.resume = true, .batch_size = 1000, .on_progress = {}});
      FAIL("no mismatch found");
    } catch (const CopyMismatch& e) {
      CHECK(e.report().resumed);
      CHECK(e.report().tables[position(e.report(), "refresh_tokens")].target_rows + 1 ==
            e.report().tables[position(e.report(), "refresh_tokens")].source_rows);
    }
  }
}

TEST_CASE("db copy: bad arguments, key-less tables, cycles and values of the wrong type are refused") {
  TempDir dir;
  auto from = open_database(sqlite_url(dir, "source.db"));
  migrate(*from, 0);
  auto to = open_database(sqlite_url(dir, "target.db"));
  CHECK(error_of([&] { copy_database(*from, *from); }) == ErrorCode::invalid_argument);
  auto same = open_database(sqlite_url(dir, "source.db"));
  CHECK(error_of([&] { copy_database(*from, *same); }) == ErrorCode::invalid_argument);
  CHECK(error_of([&] { copy_database(*from, *to, {.resume = false, .batch_size = 0, .on_progress = {}}); }) ==
        ErrorCode::invalid_argument);

  SUBCASE("a table without a primary key") {
    from->acquire()->exec("CREATE TABLE loose (a TEXT, b INTEGER)");
    migrate(*to, 0);
    to->acquire()->exec("CREATE TABLE loose (a TEXT, b INTEGER)");
    CHECK(error_message([&] { copy_database(*from, *to); }).find("loose has no primary key") !=
          std::string::npos);
  }
  SUBCASE("a cycle of foreign keys") {
    for (auto* db : {from.get(), to.get()}) {
      migrate(*db, 0);
      db->acquire()->exec("CREATE TABLE cyc_a (id BIGINT PRIMARY KEY, b_id BIGINT REFERENCES cyc_b(id))");
      db->acquire()->exec("CREATE TABLE cyc_b (id BIGINT PRIMARY KEY, a_id BIGINT REFERENCES cyc_a(id))");
    }
    const auto message = error_message([&] { copy_database(*from, *to); });
    CHECK(message.find("cycle") != std::string::npos);
    CHECK(message.find("cyc_a, cyc_b") != std::string::npos);
  }
  SUBCASE("a table the target lacks, or columns that differ") {
    from->acquire()->exec("CREATE TABLE only_here (id BIGINT PRIMARY KEY)");
    CHECK(error_message([&] { copy_database(*from, *to); }).find("only_here") != std::string::npos);
    to->acquire()->exec("CREATE TABLE only_here (id BIGINT PRIMARY KEY, extra TEXT)");
    CHECK(error_message([&] { copy_database(*from, *to); }).find("only_here.extra") != std::string::npos);
  }
  SUBCASE("a SQLite value whose type is not its column's") {
    for (auto* db : {from.get(), to.get()}) {
      migrate(*db, 0);
      db->acquire()->exec("CREATE TABLE odd (id BIGINT PRIMARY KEY, note TEXT, n BIGINT)");
    }
    from->acquire()->exec("INSERT INTO odd VALUES (1, ?, 2)", {BlobView{"bytes"}});
    auto message = error_message([&] { copy_database(*from, *to); });
    CHECK(message.find("odd.note") != std::string::npos);
    from->acquire()->exec("UPDATE odd SET note = 'text', n = 'not a number'");
    message = error_message([&] { copy_database(*from, *to); });
    CHECK(message.find("odd.n") != std::string::npos);
    CHECK(count(*to, "odd") == 0);
  }
}

TEST_CASE("db copy: PostgreSQL to PostgreSQL sets serial and identity sequences past the copied ids") {
  auto from = open_database(test_postgres_cluster().create_database());
  auto to = open_database(test_postgres_cluster().create_database());
  for (auto* db : {from.get(), to.get()}) {
    migrate(*db, 0);
    db->acquire()->exec("CREATE TABLE tickets (id BIGSERIAL PRIMARY KEY, note TEXT)");
    db->acquire()->exec(
        "CREATE TABLE stamps (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note TEXT)");
  }
  for (int i = 0; i < 3; ++i) {
    from->acquire()->exec("INSERT INTO tickets (note) VALUES ('t')");
    from->acquire()->exec("INSERT INTO stamps (note) VALUES ('s')");
  }
  from->acquire()->exec("INSERT INTO tickets (id, note) VALUES (41, 'far')");
  const auto report = copy_database(*from, *to);
  CHECK(report.verified());
  CHECK(report.sequences == std::vector<std::string>{"stamps.id", "tickets.id"});
  CHECK(to->acquire()->query_i64("INSERT INTO tickets (note) VALUES ('new') RETURNING id") == 42);
  CHECK(to->acquire()->query_i64("INSERT INTO stamps (note) VALUES ('new') RETURNING id") == 4);
}

TEST_CASE("db copy: the catalog reads alike on both engines") {
  TempDir dir;
  auto lite = open_database(sqlite_url(dir, "a.db"));
  auto pg = open_database(test_postgres_cluster().create_database());
  for (auto* db : {lite.get(), pg.get()}) migrate(*db, 0);
  auto a = copy::read_catalog(*lite->acquire());
  auto b = copy::read_catalog(*pg->acquire());
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CAPTURE(a[i].name);
    CHECK(a[i].name == b[i].name);
    CHECK(a[i].key == b[i].key);
    auto pa = a[i].parents, pb = b[i].parents;
    std::sort(pa.begin(), pa.end());
    std::sort(pb.begin(), pb.end());
    CHECK(pa == pb);
    REQUIRE(a[i].columns.size() == b[i].columns.size());
    for (std::size_t c = 0; c < a[i].columns.size(); ++c) {
      CHECK(a[i].columns[c].name == b[i].columns[c].name);
      CHECK(a[i].columns[c].kind == b[i].columns[c].kind);
    }
  }
  CHECK(copy::kind_of("sqlite", "") == copy::Kind::any);
  CHECK(copy::kind_of("sqlite", "BYTEA") == copy::Kind::blob);
  CHECK(copy::kind_of("sqlite", "varchar(20)") == copy::Kind::text);
  CHECK(copy::kind_of("postgresql", "timestamp with time zone") == copy::Kind::text);
  CHECK(copy::kind_of("postgresql", "boolean") == copy::Kind::integer);
}
