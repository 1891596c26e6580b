// OuterTransaction on both backends: Transactions inside join it as savepoints, nothing is
// durable or announced before the outer commit, and read-then-write units in it lose no update.
#include <doctest/doctest.h>

#include <thread>
#include <vector>

#include "fitkit/error.hpp"
#include "fitkit/storage.hpp"
#include "support/pg_cluster.hpp"
#include "support/temp_dir.hpp"

using namespace fitkit;
using namespace fitkit::storage;

namespace {

struct Backend {
  std::string name;
  std::unique_ptr<Database> db;
};

std::vector<Backend> backends(const test::TempDir& dir, const std::string& pg_query = "") {
  std::vector<Backend> out;
  out.push_back({"sqlite", open_database("sqlite:" + (dir / "outer.db").string())});
  std::string url = test::shared_pg_cluster().create_database();
  if (!pg_query.empty()) url += (url.find('?') == std::string::npos ? "?" : "&") + pg_query;
  out.push_back({"postgresql", open_database(url)});
  return out;
}

// Seen from another thread, so from another connection.
std::int64_t count_elsewhere(Database& db) {
  std::int64_t n = -1;
  std::thread([&] { n = db.acquire()->query_i64("SELECT count(*) FROM t").value_or(-1); }).join();
  return n;
}

}  // namespace

TEST_CASE("outer transaction: joined transactions commit only with it, and roll back alone") {
  test::TempDir dir;
  for (auto& [name, db] : backends(dir)) {
    CAPTURE(name);
    db->acquire()->exec("CREATE TABLE t (v BIGINT PRIMARY KEY)");
    {
      OuterTransaction outer(*db);
      CHECK(in_outer_transaction(*db));
      auto c = db->acquire();
      CHECK(db->acquire().get() == c.get());
      {
        Transaction tx(*c);  // joins instead of refusing to nest
        c->exec("INSERT INTO t VALUES (1)");
        tx.commit();
      }
      {
        Transaction tx(*c);
        c->exec("INSERT INTO t VALUES (2)");
      }  // not committed: only its own row is undone
      {
        Snapshot inner(*db);  // changes nothing inside
        CHECK(db->acquire()->query_i64("SELECT count(*) FROM t") == 1);
        inner.commit();
      }
      CHECK(count_elsewhere(*db) == 0);  // nothing is durable yet
      outer.commit();
    }
    CHECK_FALSE(in_outer_transaction(*db));
    CHECK(count_elsewhere(*db) == 1);
    {
      OuterTransaction outer(*db);
      auto c = db->acquire();
      Transaction tx(*c);
      c->exec("INSERT INTO t VALUES (3)");
      tx.commit();
    }  // the outer one rolls back: so does what joined it
    CHECK(count_elsewhere(*db) == 1);
    // Outside, transactions work as before.
    auto c = db->acquire();
    Transaction tx(*c);
    c->exec("INSERT INTO t VALUES (4)");
    tx.commit();
    CHECK(count_elsewhere(*db) == 2);
  }
}

TEST_CASE("outer transaction: after-commit actions wait for it; a joined rollback drops its own") {
  test::TempDir dir;
  for (auto& [name, db] : backends(dir)) {
    CAPTURE(name);
    db->acquire()->exec("CREATE TABLE t (v BIGINT PRIMARY KEY)");
    std::vector<std::string> ran;
    {
      OuterTransaction outer(*db);
      auto c = db->acquire();
      {
        Transaction tx(*c);
        c->after_commit([&] { ran.push_back("kept"); });
        tx.commit();
      }
      {
        Transaction tx(*c);
        c->after_commit([&] { ran.push_back("rolled back"); });
      }
      CHECK(ran.empty());
      outer.commit();
    }
    CHECK(ran == std::vector<std::string>{"kept"});
    ran.clear();
    {
      OuterTransaction outer(*db);
      auto c = db->acquire();
      Transaction tx(*c);
      c->after_commit([&] { ran.push_back("never"); });
      tx.commit();
    }
    CHECK(ran.empty());
  }
}

TEST_CASE("outer transaction: it does not begin inside a snapshot or another one") {
  test::TempDir dir;
  for (auto& [name, db] : backends(dir)) {
    CAPTURE(name);
    {
      Snapshot snapshot(*db);
      CHECK_THROWS_AS(OuterTransaction{*db}, Error);
      CHECK_FALSE(in_outer_transaction(*db));
    }
    OuterTransaction outer(*db);
    CHECK_THROWS_AS(OuterTransaction{*db}, Error);
    CHECK(in_outer_transaction(*db));
  }
}

TEST_CASE("outer transaction: read-then-write units retried on conflict lose no update") {
  test::TempDir dir;
  for (auto& [name, db] : backends(dir, "pool_size=8")) {
    CAPTURE(name);
    db->acquire()->exec("CREATE TABLE counter (id BIGINT PRIMARY KEY, n BIGINT NOT NULL)");
    db->acquire()->exec("INSERT INTO counter VALUES (1, 0)");
    constexpr int kThreads = 6, kEach = 15;
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i)
      threads.emplace_back([&] {
        for (int k = 0; k < kEach; ++k)
          retry_on_conflict([&] {
            OuterTransaction outer(*db);
            auto c = db->acquire();
            const std::int64_t n = c->query_i64("SELECT n FROM counter WHERE id = 1").value();
            Transaction tx(*c);  // the update as a service would write it
            c->exec("UPDATE counter SET n = ? WHERE id = 1", {n + 1});
            tx.commit();
            outer.commit();
          }, 100);
      });
    for (auto& t : threads) t.join();
    CHECK(db->acquire()->query_i64("SELECT n FROM counter WHERE id = 1") == kThreads * kEach);
  }
}
