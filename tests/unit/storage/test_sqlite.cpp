#include <doctest/doctest.h>

#include <filesystem>
#include <thread>

#include "fitkit/error.hpp"
#include "fitkit/storage.hpp"

using namespace fitkit;
using namespace fitkit::storage;

TEST_CASE("sqlite binds values, reads rows and maps unique violations") {
  auto db = open_database("sqlite::memory:");
  auto c = db->acquire();
  c->exec("CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT UNIQUE, score DOUBLE PRECISION, data BLOB)");
  std::string blob("\x00\x01\x02", 3);
  CHECK(c->exec("INSERT INTO t VALUES (?, ?, ?, ?)", {1, "ann", 2.5, BlobView{blob}}) == 1);
  CHECK(c->exec("INSERT INTO t VALUES (?, ?, ?, ?)", {2, std::string("o'brien; DROP TABLE t"), nullptr,
                                                      nullptr}) == 1);
  int rows = 0;
  c->query("SELECT id, name, score, data FROM t ORDER BY id", {}, [&](const Row& r) {
    ++rows;
    if (r.i64(0) == 1) {
      CHECK(r.text(1) == "ann");
      CHECK(r.f64(2) == 2.5);
      CHECK(r.blob(3) == blob);
    } else {
      CHECK(r.text(1) == "o'brien; DROP TABLE t");
      CHECK_FALSE(r.opt_f64(2));
    }
  });
  CHECK(rows == 2);
  try {
    c->exec("INSERT INTO t (id, name) VALUES (?, ?)", {3, "ann"});
    FAIL("duplicate accepted");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::already_exists);
  }
  CHECK(c->query_i64("SELECT COUNT(*) FROM t") == 2);
}

TEST_CASE("a transaction not committed leaves nothing behind") {
  auto db = open_database("sqlite::memory:");
  auto c = db->acquire();
  c->exec("CREATE TABLE t (id BIGINT PRIMARY KEY)");
  try {
    Transaction tx(*c);
    c->exec("INSERT INTO t VALUES (?)", {1});
    throw Error::invalid("x", "bad");
  } catch (const Error&) {
  }
  CHECK(c->query_i64("SELECT COUNT(*) FROM t") == 0);
  {
    Transaction tx(*c);
    c->exec("INSERT INTO t VALUES (?)", {2});
    tx.commit();
  }
  CHECK(c->query_i64("SELECT COUNT(*) FROM t") == 1);
}

TEST_CASE("migrations apply once and are recorded") {
  auto path = std::filesystem::temp_directory_path() / ("fitkit-migrate-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  {
    auto db = open_database("sqlite:" + path.string());
    int first = migrate(*db, 1000);
    CHECK(first >= 2);
    CHECK(migrate(*db, 2000) == 0);
    auto status = migration_status(*db);
    CHECK(status.size() == static_cast<std::size_t>(first));
    CHECK(status.front().version == 1);
    CHECK(status.front().applied_at_ms == 1000);
    // Connections from several threads see the same file (WAL, one per thread).
    std::thread t([&] {
      auto c = db->acquire();
      CHECK(c->query_text("PRAGMA journal_mode") == "wal");
      CHECK(c->query_i64("PRAGMA foreign_keys") == 1);
    });
    t.join();
  }
  for (auto ext : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + ext);
}

TEST_CASE("unknown database URLs are refused clearly") {
  CHECK_THROWS_AS(open_database("mysql://x"), Error);
  CHECK_THROWS_AS(open_database("sqlite:"), Error);
}
