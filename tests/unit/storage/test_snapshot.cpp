#include <doctest/doctest.h>

#include <thread>

#include "fitkit/error.hpp"
#include "fitkit/storage.hpp"
#include "support/temp_dir.hpp"

using namespace fitkit;
using namespace fitkit::storage;

namespace {

std::int64_t count(Database& db) { return db.acquire()->query_i64("SELECT count(*) FROM t").value_or(-1); }

// A write from another thread, so from another connection of the same file.
void insert_elsewhere(Database& db, int v) {
  std::thread([&] { db.acquire()->exec("INSERT INTO t (v) VALUES (?)", {v}); }).join();
}

}  // namespace

TEST_CASE("a snapshot serves every read of its thread from one connection and one state") {
  test::TempDir dir;
  auto db = open_database("sqlite:" + (dir / "s.db").string());
  db->acquire()->exec("CREATE TABLE t (v INTEGER)");
  insert_elsewhere(*db, 1);
  {
    Snapshot snapshot(*db);
    auto first = db->acquire();
    CHECK(db->acquire().get() == first.get());
    CHECK(count(*db) == 1);
    insert_elsewhere(*db, 2);  // committed by another connection meanwhile
    CHECK(count(*db) == 1);    // not seen: one state for the whole snapshot
    {
      Snapshot nested(*db);  // changes nothing
      CHECK(db->acquire().get() == first.get());
      nested.commit();
    }
    CHECK(count(*db) == 1);
    snapshot.commit();
  }
  CHECK(count(*db) == 2);  // after it, the latest state
}

TEST_CASE("a snapshot refuses a write transaction and keeps a lone write only when committed") {
  auto db = open_database("sqlite::memory:");
  db->acquire()->exec("CREATE TABLE t (v INTEGER)");
  {
    Snapshot snapshot(*db);
    auto c = db->acquire();  // in memory too: no second connection is needed
    CHECK_THROWS_AS(Transaction{*c}, Error);
    c->exec("INSERT INTO t (v) VALUES (1)");
  }  // not committed: rolled back
  CHECK(count(*db) == 0);
  {
    Snapshot snapshot(*db);
    db->acquire()->exec("INSERT INTO t (v) VALUES (1)");
    snapshot.commit();
  }
  CHECK(count(*db) == 1);
  {  // once it has ended, transactions work as before on the same connection
    auto c = db->acquire();
    Transaction tx(*c);
    c->exec("INSERT INTO t (v) VALUES (2)");
    tx.commit();
  }
  CHECK(count(*db) == 2);
}

TEST_CASE("a snapshot is this thread's alone") {
  test::TempDir dir;
  auto db = open_database("sqlite:" + (dir / "s.db").string());
  db->acquire()->exec("CREATE TABLE t (v INTEGER)");
  Snapshot snapshot(*db);
  auto mine = db->acquire();
  CHECK(count(*db) == 0);  // the snapshot's state is taken at its first read
  Connection* theirs = nullptr;
  std::int64_t seen = -1;
  std::thread([&] {
    auto c = db->acquire();
    theirs = c.get();
    c->exec("INSERT INTO t (v) VALUES (1)");  // not blocked: the snapshot only reads
    seen = count(*db);
  }).join();
  CHECK(theirs != mine.get());
  CHECK(seen == 1);
  CHECK(count(*db) == 0);
}
