// One conformance suite for every storage driver: the same cases on SQLite (a file) and on
// PostgreSQL (a throwaway cluster, or FITKIT_TEST_POSTGRES_URL).
#include <doctest/doctest.h>

#include <atomic>
#include <limits>
#include <thread>
#include <vector>

#include "fitkit/error.hpp"
#include "fitkit/storage.hpp"
#include "storage/postgres/postgres_database.hpp"
#include "support/pg_cluster.hpp"
#include "support/temp_dir.hpp"

using namespace fitkit;
using namespace fitkit::storage;

namespace {

test::PgCluster& cluster() { return test::shared_pg_cluster(); }

struct Backend {
  std::string name;
  std::unique_ptr<Database> db;
};

// A fresh empty database on each backend. `pg_query` is appended to the PostgreSQL URL.
std::vector<Backend> backends(const test::TempDir& dir, const std::string& pg_query = "") {
  std::vector<Backend> out;
  out.push_back({"sqlite", open_database("sqlite:" + (dir / "conformance.db").string())});
  std::string url = cluster().create_database();
  if (!pg_query.empty()) url += (url.find('?') == std::string::npos ? "?" : "&") + pg_query;
  out.push_back({"postgresql", open_database(url)});
  return out;
}

std::string blob_type(const Database& db) { return db.dialect() == "postgresql" ? "BYTEA" : "BLOB"; }

ErrorCode code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code();
  }
  FAIL("no error");
  return ErrorCode::internal;
}

}  // namespace

TEST_CASE("conformance: every Param type binds and reads back exactly") {
  test::TempDir dir;
  for (auto& [name, db] : backends(dir)) {
    CAPTURE(name);
    auto c = db->acquire();
    c->exec("CREATE TABLE t (id BIGINT PRIMARY KEY, i BIGINT, d DOUBLE PRECISION, s TEXT, b " +
            blob_type(*db) + ")");
    const std::string bytes("\x00\xff\x01'?\\x\x00", 8);
    const std::string text = "o'brien; DROP TABLE t -- ? $1 \xc3\xa9";
    const std::int64_t big = std::numeric_limits<std::int64_t>::max();
    const std::int64_t small = std::numeric_limits<std::int64_t>::min();
    CHECK(c->exec("INSERT INTO t VALUES (?, ?, ?, ?, ?)", {1, big, 0.1, text, BlobView{bytes}}) == 1);
    CHECK(c->exec("INSERT INTO t VALUES (?, ?, ?, ?, ?)", {2, small, -1.5e300, "", BlobView{""}}) == 1);
    std::optional<std::int64_t> none;
    CHECK(c->exec("INSERT INTO t VALUES (?, ?, ?, ?, ?)", {3, none, nullptr, nullptr, nullptr}) == 1);
    CHECK(c->exec("INSERT INTO t (id, i) VALUES (?, ?)", {4, true}) == 1);
    int rows = 0;
    c->query("SELECT id, i, d, s, b FROM t ORDER BY id", {}, [&](const Row& r) {
      ++rows;
      REQUIRE(r.size() == 5);
      switch (r.i64(0)) {
        case 1:
          CHECK(r.i64(1) == big);
          CHECK(r.f64(2) == 0.1);
          CHECK(r.text(3) == text);
          CHECK(r.blob(4) == bytes);
          break;
        case 2:
          CHECK(r.i64(1) == small);
          CHECK(r.f64(2) == -1.5e300);
          CHECK(r.opt_text(3) == "");
          CHECK_FALSE(r.is_null(4));
          CHECK(r.blob(4).empty());
          break;
        case 3:
          for (int col = 1; col < 5; ++col) CHECK(r.is_null(col));
          CHECK_FALSE(r.opt_i64(1));
          CHECK_FALSE(r.opt_f64(2));
          CHECK_FALSE(r.opt_text(3));
          break;
        default:
          CHECK(r.i64(1) == 1);
      }
    });
    CHECK(rows == 4);
    // Values compare as the types they were bound with.
    CHECK(c->query_i64("SELECT id FROM t WHERE i = ?", {big}) == 1);
    CHECK(c->query_i64("SELECT id FROM t WHERE s = ?", {text}) == 1);
    CHECK(c->query_i64("SELECT id FROM t WHERE b = ?", {BlobView{bytes}}) == 1);
    CHECK(c->query_i64("SELECT count(*) FROM t WHERE s IS NULL") == 2);
    CHECK(c->query_text("SELECT s FROM t WHERE id = ?", {1}) == text);
  }
}

TEST_CASE("conformance: rows changed, and ? inside a string literal stays a character") {
  test::TempDir dir;
  for (auto& [name, db] : backends(dir)) {
    CAPTURE(name);
    auto c = db->acquire();
    c->exec("CREATE TABLE t (id BIGINT PRIMARY KEY, s TEXT)");
    for (int i = 1; i <= 5; ++i) c->exec("INSERT INTO t VALUES (?, ?)", {i, "x"});
    CHECK(c->exec("UPDATE t SET s = ? WHERE id > ?", {"y", 2}) == 3);
    CHECK(c->exec("UPDATE t SET s = ? WHERE id > ?", {"y", 99}) == 0);
    CHECK(c->exec("DELETE FROM t WHERE id = ?", {1}) == 1);
    CHECK(c->exec("INSERT INTO t VALUES (?, ?) ON CONFLICT (id) DO NOTHING", {2, "dup"}) == 0);

    int rows = 0;
    c->query("SELECT '?', 'it''s ?', ? /* ? */, \"s\" FROM t -- ?\n WHERE id = ?", {7, 3}, [&](const Row& r) {
      ++rows;
      CHECK(r.text(0) == "?");
      CHECK(r.text(1) == "it's ?");
      CHECK(r.i64(2) == 7);
      CHECK(r.text(3) == "y");
    });
    CHECK(rows == 1);
    CHECK(code_of([&] { c->exec("SELECT ?, ?", {1}); }) == ErrorCode::internal);  // count mismatch
  }
}

TEST_CASE("conformance: unique violations are already_exists, foreign key violations conflict") {
  test::TempDir dir;
  for (auto& [name, db] : backends(dir)) {
    CAPTURE(name);
    auto c = db->acquire();
    c->run_script(
        "CREATE TABLE parent (id BIGINT PRIMARY KEY, email TEXT UNIQUE);"
        "CREATE TABLE child (id BIGINT PRIMARY KEY, parent_id BIGINT NOT NULL REFERENCES parent(id));");
    c->exec("INSERT INTO parent VALUES (?, ?)", {1, "a@example.com"});
    CHECK(code_of([&] { c->exec("INSERT INTO parent VALUES (?, ?)", {2, "a@example.com"}); }) ==
          ErrorCode::already_exists);
    CHECK(code_of([&] { c->exec("INSERT INTO parent VALUES (?, ?)", {1, "b@example.com"}); }) ==
          ErrorCode::already_exists);
    CHECK(code_of([&] { c->exec("INSERT INTO child VALUES (?, ?)", {1, 99}); }) == ErrorCode::conflict);
    c->exec("INSERT INTO child VALUES (?, ?)", {1, 1});
    CHECK(code_of([&] { c->exec("DELETE FROM parent WHERE id = ?", {1}); }) == ErrorCode::conflict);
    CHECK(code_of([&] { c->exec("SELEC nonsense"); }) == ErrorCode::internal);
    try {
      c->run_script("CREATE TABLE ok_then (id BIGINT);\nCREATE TABLE broken (id BIGINT,);");
      FAIL("a broken script ran");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::internal);
      if (name == "postgresql") CHECK(std::string(e.what()).find("at line 2") != std::string::npos);
    }
    CHECK(c->query_i64("SELECT count(*) FROM parent") == 1);  // the connection is still usable
  }
}

TEST_CASE("conformance: a transaction rolls back unless committed, and refuses to nest") {
  test::TempDir dir;
  for (auto& [name, db] : backends(dir)) {
    CAPTURE(name);
    auto c = db->acquire();
    c->exec("CREATE TABLE t (id BIGINT PRIMARY KEY)");
    {
      Transaction tx(*c);
      c->exec("INSERT INTO t VALUES (?)", {1});
      CHECK(c->query_i64("SELECT count(*) FROM t") == 1);
      CHECK_THROWS_AS(Transaction{*c}, Error);
    }
    CHECK(c->query_i64("SELECT count(*) FROM t") == 0);
    try {
      Transaction tx(*c);
      c->exec("INSERT INTO t VALUES (?)", {1});
      throw std::runtime_error("failure halfway");
    } catch (const std::runtime_error&) {
    }
    CHECK(c->query_i64("SELECT count(*) FROM t") == 0);
    {
      Transaction tx(*c);
      c->exec("INSERT INTO t VALUES (?)", {2});
      tx.commit();
    }
    CHECK(db->acquire()->query_i64("SELECT count(*) FROM t") == 1);
  }
}

TEST_CASE("conformance: a snapshot reads through acquire() on one connection and one state") {
  test::TempDir dir;
  for (auto& [name, db] : backends(dir)) {
    CAPTURE(name);
    db->acquire()->exec("CREATE TABLE t (v BIGINT)");
    auto count = [&] { return db->acquire()->query_i64("SELECT count(*) FROM t").value_or(-1); };
    auto insert_elsewhere = [&](int v) {
      std::thread([&] { db->acquire()->exec("INSERT INTO t (v) VALUES (?)", {v}); }).join();
    };
    insert_elsewhere(1);
    {
      Snapshot snapshot(*db);
      auto first = db->acquire();
      CHECK(db->acquire().get() == first.get());
      CHECK(count() == 1);
      insert_elsewhere(2);
      CHECK(count() == 1);
      snapshot.commit();
    }
    CHECK(count() == 2);
    {
      Snapshot snapshot(*db);
      db->acquire()->exec("INSERT INTO t (v) VALUES (3)");
    }  // a lone write not committed is gone
    CHECK(count() == 2);
  }
}

TEST_CASE("conformance: migrate applies every embedded migration once") {
  test::TempDir dir;
  for (auto& [name, db] : backends(dir)) {
    CAPTURE(name);
    const auto status = migration_status(*db);
    REQUIRE_FALSE(status.empty());
    CHECK(migrate(*db, 1700000000000) == static_cast<int>(status.size()));
    CHECK(migrate(*db, 1700000000001) == 0);
    for (const auto& m : migration_status(*db)) CHECK(m.applied_at_ms == 1700000000000);
    // The schema works: a user and its cascade.
    auto c = db->acquire();
    c->exec("INSERT INTO users (id, email, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
            {1, "a@example.com", "active", 1, 1});
    CHECK(code_of([&] {
            c->exec("INSERT INTO users (id, email, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                    {2, "a@example.com", "active", 1, 1});
          }) == ErrorCode::already_exists);
  }
}

TEST_CASE("conformance: many threads share a pool of two connections") {
  test::TempDir dir;
  for (auto& [name, db] : backends(dir, "pool_size=2")) {
    CAPTURE(name);
    db->acquire()->exec("CREATE TABLE t (id BIGINT PRIMARY KEY, n BIGINT)");
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
      threads.emplace_back([&, t] {
        for (int i = 0; i < 20; ++i) {
          for (int attempt = 0;; ++attempt) {
            try {
              auto c = db->acquire();
              Transaction tx(*c);
              c->exec("INSERT INTO t VALUES (?, ?)", {t * 100 + i, i});
              tx.commit();
              break;
            } catch (const Error& e) {
              if (e.code() != ErrorCode::unavailable || attempt == 20) {
                ++failures;
                break;
              }
            }
          }
        }
      });
    for (auto& th : threads) th.join();
    CHECK(failures == 0);
    CHECK(db->acquire()->query_i64("SELECT count(*) FROM t") == 160);
  }
}

TEST_CASE("conformance: postgresql URLs that cannot connect are unavailable and never show the password") {
  for (const std::string url : {"postgresql://fitkit:s3cret-pw@127.0.0.1:1/nowhere?connect_timeout=2",
                                "postgres://fitkit:s3cret-pw@127.0.0.1:1/nowhere?sslmode=disable",
                                "postgresql://fitkit@127.0.0.1:1/nowhere?password=s3cret-pw"}) {
    CAPTURE(url);
    try {
      open_database(url);
      FAIL("connected to nothing");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::unavailable);
      CHECK(std::string(e.what()).find("s3cret") == std::string::npos);
      CHECK(std::string(e.what()).find("127.0.0.1") != std::string::npos);
    }
  }
  CHECK(code_of([] { open_database("postgresql://fitkit@127.0.0.1:1/x?pool_size=0"); }) ==
        ErrorCode::invalid_argument);
  CHECK(code_of([] { open_database("postgresql://fitkit@127.0.0.1:1/x?pool_size=many"); }) ==
        ErrorCode::invalid_argument);
  CHECK(code_of([] { open_database("postgresql://fitkit:pw@/x?bogus_option=1"); }) == ErrorCode::unavailable);
  try {
    open_database("postgresq://fitkit:s3cret-pw@db/x");
    FAIL("a mistyped scheme was accepted");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::invalid_argument);
    CHECK(std::string(e.what()).find("s3cret") == std::string::npos);
  }

  const std::string url = cluster().create_database();
  auto db = open_database(url + (url.find('?') == std::string::npos ? "?" : "&") + "sslmode=disable");
  CHECK(db->dialect() == "postgresql");
  CHECK(db->acquire()->dialect() == "postgresql");
}

TEST_CASE("conformance: on postgresql, colliding write transactions are a TransactionConflict and a retry succeeds") {
  auto db = open_database(cluster().create_database());
  db->acquire()->exec("CREATE TABLE t (id BIGINT PRIMARY KEY, n BIGINT)");
  auto a = db->acquire(), b = db->acquire();  // two connections of the pool
  REQUIRE(a.get() != b.get());
  {
    Transaction ta(*a), tb(*b);
    // Each reads what the other writes: no serial order explains both, so one must fail.
    const auto na = a->query_i64("SELECT count(*) FROM t"), nb = b->query_i64("SELECT count(*) FROM t");
    a->exec("INSERT INTO t VALUES (?, ?)", {1, na});
    b->exec("INSERT INTO t VALUES (?, ?)", {2, nb});
    ta.commit();
    CHECK_THROWS_AS(tb.commit(), TransactionConflict);
  }
  {
    Transaction tb(*b);  // the caller's retry, from the start
    const auto nb = b->query_i64("SELECT count(*) FROM t");
    b->exec("INSERT INTO t VALUES (?, ?)", {2, nb});
    tb.commit();
  }
  CHECK(a->query_i64("SELECT n FROM t WHERE id = 2") == 1);
}

TEST_CASE("conformance: retry_on_conflict runs colliding units of work again until each is applied once") {
  test::TempDir dir;
  for (auto& [name, db] : backends(dir, "pool_size=8")) {
    CAPTURE(name);
    db->acquire()->exec("CREATE TABLE counter (id BIGINT PRIMARY KEY, n BIGINT NOT NULL)");
    db->acquire()->exec("INSERT INTO counter VALUES (1, 0)");
    constexpr int kThreads = 6, kIncrements = 25;
    std::atomic<int> attempts{0}, given_up{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([&] {
        for (int i = 0; i < kIncrements; ++i) {
          try {
            retry_on_conflict(
                [&] {
                  ++attempts;
                  auto c = db->acquire();
                  Transaction tx(*c);
                  // A read, then a write that depends on it: the lost update a conflict prevents.
                  const auto n = c->query_i64("SELECT n FROM counter WHERE id = 1");
                  c->exec("UPDATE counter SET n = ? WHERE id = 1", {*n + 1});
                  tx.commit();
                },
                50);
          } catch (const Error&) {
            ++given_up;
          }
        }
      });
    for (auto& t : threads) t.join();
    CHECK(given_up == 0);
    CHECK(db->acquire()->query_i64("SELECT n FROM counter WHERE id = 1") == kThreads * kIncrements);
    CHECK(attempts >= kThreads * kIncrements);
  }
  // What is not a conflict goes through at once, after one attempt.
  int calls = 0;
  CHECK_THROWS_AS(retry_on_conflict([&] {
                    ++calls;
                    throw Error::already_exists("taken");
                  }),
                  Error);
  CHECK(calls == 1);
  calls = 0;
  CHECK_THROWS_AS(retry_on_conflict([&] {
                    ++calls;
                    throw TransactionConflict("lost");
                  }, 3),
                  TransactionConflict);
  CHECK(calls == 3);
}

TEST_CASE("conformance: a failed statement inside a savepoint leaves the transaction usable") {
  test::TempDir dir;
  for (auto& [name, db] : backends(dir)) {
    CAPTURE(name);
    auto c = db->acquire();
    c->exec("CREATE TABLE t (id BIGINT PRIMARY KEY)");
    {
      Transaction tx(*c);
      c->exec("INSERT INTO t VALUES (1)");
      {
        Savepoint sp(*c);
        CHECK(code_of([&] { c->exec("INSERT INTO t VALUES (1)"); }) == ErrorCode::already_exists);
      }  // rolled back to the savepoint: the transaction goes on
      {
        Savepoint sp(*c);
        c->exec("INSERT INTO t VALUES (2)");
        sp.commit();
      }
      {
        Savepoint sp(*c);
        c->exec("INSERT INTO t VALUES (3)");
      }  // not committed: undone
      c->exec("INSERT INTO t VALUES (4)");
      tx.commit();
    }
    CHECK(c->query_i64("SELECT COUNT(*) FROM t") == 3);
    CHECK(c->query_i64("SELECT COUNT(*) FROM t WHERE id = 3") == 0);
    CHECK_FALSE(c->in_transaction());
    {
      // Outside a transaction a savepoint does nothing: the statement is its own transaction.
      Savepoint sp(*c);
      c->exec("INSERT INTO t VALUES (5)");
    }
    CHECK_FALSE(c->in_transaction());
    CHECK(c->query_i64("SELECT COUNT(*) FROM t WHERE id = 5") == 1);
  }
}

TEST_CASE("postgresql placeholders are rewritten outside literals, names and comments") {
  using P = std::pair<std::string, int>;
  CHECK(rewrite_placeholders("SELECT ?, ? FROM t WHERE a = ?") == P{"SELECT $1, $2 FROM t WHERE a = $3", 3});
  CHECK(rewrite_placeholders("SELECT 'a?''?', \"q?\", ? -- ?\n/* ? */ ?") ==
        P{"SELECT 'a?''?', \"q?\", $1 -- ?\n/* ? */ $2", 2});
  CHECK(rewrite_placeholders("SELECT E'\\'?', $$ ? $$, $x$ ? $x$, ?") ==
        P{"SELECT E'\\'?', $$ ? $$, $x$ ? $x$, $1", 1});
  CHECK(rewrite_placeholders("SELECT 'unterminated ?") == P{"SELECT 'unterminated ?", 0});
}

TEST_CASE("postgresql URLs are described with the password masked") {
  CHECK(mask_postgres_password("postgresql://ann:pw@db:5432/x?sslmode=require") ==
        "postgresql://ann:***@db:5432/x?sslmode=require");
  CHECK(mask_postgres_password("postgresql://ann@db/x?password=pw&sslmode=require") ==
        "postgresql://ann@db/x?password=***&sslmode=require");
  CHECK(mask_postgres_password("postgresql://ann@db:5432/x") == "postgresql://ann@db:5432/x");
  CHECK(mask_postgres_password("postgresql://db/x?sslpassword=k&a=b") == "postgresql://db/x?sslpassword=***&a=b");
  CHECK(mask_postgres_password("postgresql://db/x?mypassword=k") == "postgresql://db/x?mypassword=k");
}
