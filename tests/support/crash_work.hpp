// The child side of the crash rounds (tests/support/crash_rounds.hpp): a process that commits
// random units of work from several threads until it is killed, and says what it does on a pipe.
// Before a unit it writes "b TXID KIND ARGS", after its commit returned "a TXID", when it threw
// "f TXID CODE"; each line with one write(2) of at most PIPE_BUF bytes, so that a line is never
// torn or left in a buffer when the process dies.
#pragma once

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <random>
#include <regex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "fitkit/error.hpp"
#include "fitkit/id.hpp"
#include "fitkit/platform.hpp"
#include "fitkit/storage.hpp"

namespace fitkit::test::crash {

inline constexpr int kAccounts = 16;
inline constexpr std::int64_t kInitialBalance = 1000;
inline constexpr const char* kUserPassword = "correct horse battery staple";

// The test's own tables, next to the real schema: a bank whose balances always sum to
// kAccounts * kInitialBalance, a ledger that records every transfer under its txid, and batches of
// rows that are inserted, updated and deleted as a whole.
inline constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS crash_accounts (
  id BIGINT PRIMARY KEY,
  opening BIGINT NOT NULL,  -- the balance before the lines still in crash_ledger_lines
  balance BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS crash_ledger (
  txid BIGINT PRIMARY KEY,
  kind TEXT NOT NULL,
  lines INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS crash_ledger_lines (
  txid BIGINT NOT NULL REFERENCES crash_ledger(txid),
  account_id BIGINT NOT NULL REFERENCES crash_accounts(id),
  delta BIGINT NOT NULL,
  PRIMARY KEY (txid, account_id)
);
CREATE INDEX IF NOT EXISTS crash_ledger_lines_by_account ON crash_ledger_lines (account_id);
CREATE TABLE IF NOT EXISTS crash_batches (
  txid BIGINT PRIMARY KEY,
  owner INTEGER NOT NULL,
  size INTEGER NOT NULL,
  version BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS crash_batches_by_owner ON crash_batches (owner, txid);
CREATE TABLE IF NOT EXISTS crash_batch_rows (
  batch BIGINT NOT NULL REFERENCES crash_batches(txid),
  n INTEGER NOT NULL,
  version BIGINT NOT NULL,
  filler TEXT NOT NULL,
  PRIMARY KEY (batch, n)
);
CREATE TABLE IF NOT EXISTS crash_tombstones (
  txid BIGINT PRIMARY KEY,
  batch BIGINT NOT NULL UNIQUE
);
)sql";

// Transaction ids in decimal: round, thread, sequence, so that they sort by when they ran
// for any one thread, and by round across rounds.
inline std::int64_t make_txid(int round, int thread, std::int64_t seq) {
  return (static_cast<std::int64_t>(round) + 1) * 1'000'000'000 + thread * 100'000'000LL + seq;
}
inline std::int64_t first_txid_of_round(int round) { return make_txid(round, 0, 0); }

inline std::string email_of(std::int64_t txid) { return "crash-" + std::to_string(txid) + "@example.com"; }

// The profile fields an edit sets together; a row that mixes two edits is half-applied.
struct ProfileEdit {
  std::string first_name, city, about;
};
inline ProfileEdit profile_edit(std::int64_t txid) {
  const auto t = std::to_string(txid);
  return {"F" + t, "C" + t, "edit " + t};
}

// One line to the pipe in one write(2): atomic up to PIPE_BUF, never buffered.
inline void write_line(int fd, std::string line) {
  if (line.size() > 512) line.resize(512);
  for (char& ch : line)
    if (ch == '\n') ch = ' ';
  line.push_back('\n');
  std::size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::write(fd, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) ::_exit(4);  // the parent is gone
    done += static_cast<std::size_t>(n);
  }
}

class Worker {
 public:
  Worker(Platform& platform, int fd, int round, int thread, int threads, std::uint64_t seed)
      : p_(platform), db_(platform.database()), fd_(fd), round_(round), thread_(thread), threads_(threads),
        rng_(seed ^ (static_cast<std::uint64_t>(round) << 20) ^ static_cast<std::uint64_t>(thread)) {}

  [[noreturn]] void run_forever() {
    for (;;) {
      try {
        one_unit();
      } catch (const Error&) {
        // Choosing what to work on failed (a busy database): nothing began, nothing to check.
      } catch (const std::exception& e) {
        write_line(fd_, std::string("x unexpected exception: ") + e.what());
      }
      // A short pause between units, random so that threads interleave differently each round.
      std::this_thread::sleep_for(std::chrono::microseconds(uniform(0, 1500)));
    }
  }

 private:
  std::int64_t uniform(std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng_);
  }

  void one_unit() {
    const std::int64_t txid = make_txid(round_, thread_, ++seq_);
    const auto pick = uniform(0, 99);
    if (pick < 30) return unit(txid, "transfer", "", [&] { transfer(txid); });
    if (pick < 40) return unit(txid, "spread", "", [&] { spread(txid); });
    if (pick < 52) return batch_unit(txid);
    if (pick < 64) return unit(txid, "reg", email_of(txid), [&] { register_user(txid); });
    if (pick < 75) return user_unit(txid, "ver", "pending");
    if (pick < 93) return user_unit(txid, "edit", "active");
    return user_unit(txid, "del", uniform(0, 1) ? "pending" : "active");
  }

  // Announces the unit, runs it, and acknowledges it once its commit returned.
  template <class Work>
  void unit(std::int64_t txid, const std::string& kind, const std::string& args, Work&& work) {
    const std::string id = std::to_string(txid);
    write_line(fd_, "b " + id + " " + kind + (args.empty() ? "" : " " + args));
    try {
      storage::retry_on_conflict(work);
    } catch (const Error& e) {
      write_line(fd_, "f " + id + " " + std::string(to_string(e.code())));
      return;
    }
    write_line(fd_, "a " + id);
  }

  static void add_line(storage::Connection& c, std::int64_t txid, std::int64_t account, std::int64_t delta) {
    c.exec("INSERT INTO crash_ledger_lines (txid, account_id, delta) VALUES (?, ?, ?)",
           {txid, account, delta});
  }

  // Two accounts, in id order so that two transfers never wait on each other in a cycle.
  void transfer(std::int64_t txid) {
    std::int64_t from = uniform(1, kAccounts), to = uniform(1, kAccounts - 1);
    if (to >= from) ++to;
    const std::int64_t amount = uniform(1, 100);
    auto c = db_.acquire();
    storage::Transaction tx(*c);
    c->exec("INSERT INTO crash_ledger (txid, kind, lines) VALUES (?, 'transfer', 2)", {txid});
    for (const std::int64_t account : {std::min(from, to), std::max(from, to)}) {
      const std::int64_t delta = account == from ? -amount : amount;
      c->exec("UPDATE crash_accounts SET balance = balance + ? WHERE id = ?", {delta, account});
      add_line(*c, txid, account, delta);
    }
    tx.commit();
  }

  // Several accounts give a little to one: a multi-row update in one statement.
  void spread(std::int64_t txid) {
    const std::int64_t target = uniform(1, kAccounts), each = uniform(1, 10);
    std::vector<std::int64_t> givers;
    for (std::int64_t a = 1; a <= kAccounts; ++a)
      if (a != target && uniform(0, 2) == 0) givers.push_back(a);
    if (givers.empty()) givers.push_back(target % kAccounts + 1);
    const std::int64_t total = each * static_cast<std::int64_t>(givers.size());
    auto c = db_.acquire();
    storage::Transaction tx(*c);
    c->exec("INSERT INTO crash_ledger (txid, kind, lines) VALUES (?, 'spread', ?)",
            {txid, static_cast<std::int64_t>(givers.size() + 1)});
    std::string in;
    for (auto a : givers) in += (in.empty() ? "" : ",") + std::to_string(a);
    c->exec("UPDATE crash_accounts SET balance = balance - ? WHERE id IN (" + in + ")", {each});
    c->exec("UPDATE crash_accounts SET balance = balance + ? WHERE id = ?", {total, target});
    for (auto a : givers) add_line(*c, txid, a, -each);
    add_line(*c, txid, target, total);
    tx.commit();
  }

  // A batch of this thread's: insert a new one, update all its rows, or delete it whole.
  void batch_unit(std::int64_t txid) {
    auto c = db_.acquire();
    const auto live =
        c->query_i64("SELECT count(*) FROM crash_batches WHERE owner = ?", {thread_}).value_or(0);
    const auto choice = uniform(0, 2);
    std::optional<std::int64_t> batch;
    if (live > 0 && (choice > 0 || live > 40)) batch = pick_batch(*c);
    c.reset();
    if (!batch) return unit(txid, "binsert", "", [&] { insert_batch(txid); });
    if (choice == 1 && live <= 40)
      return unit(txid, "bump", std::to_string(*batch), [&] { bump_batch(txid, *batch); });
    unit(txid, "bdel", std::to_string(*batch), [&] { delete_batch(txid, *batch); });
  }

  std::optional<std::int64_t> pick_batch(storage::Connection& c) {
    std::optional<std::int64_t> lo, hi;
    c.query("SELECT min(txid), max(txid) FROM crash_batches WHERE owner = ?", {thread_},
            [&](const storage::Row& r) {
              lo = r.opt_i64(0);
              hi = r.opt_i64(1);
            });
    if (!lo || !hi) return std::nullopt;
    return c.query_i64("SELECT txid FROM crash_batches WHERE owner = ? AND txid >= ? ORDER BY txid LIMIT 1",
                       {thread_, uniform(*lo, *hi)});
  }

  void insert_batch(std::int64_t txid) {
    const auto size = uniform(5, 40);
    auto c = db_.acquire();
    storage::Transaction tx(*c);
    c->exec("INSERT INTO crash_batches (txid, owner, size, version) VALUES (?, ?, ?, ?)",
            {txid, thread_, size, txid});
    for (std::int64_t n = 0; n < size; ++n)
      c->exec("INSERT INTO crash_batch_rows (batch, n, version, filler) VALUES (?, ?, ?, ?)",
              {txid, n, txid, std::string(static_cast<std::size_t>(uniform(8, 120)), 'x')});
    tx.commit();
  }

  void bump_batch(std::int64_t txid, std::int64_t batch) {
    auto c = db_.acquire();
    storage::Transaction tx(*c);
    c->exec("UPDATE crash_batch_rows SET version = ?, filler = filler || 'y' WHERE batch = ?", {txid, batch});
    c->exec("UPDATE crash_batches SET version = ? WHERE txid = ?", {txid, batch});
    tx.commit();
  }

  void delete_batch(std::int64_t txid, std::int64_t batch) {
    auto c = db_.acquire();
    storage::Transaction tx(*c);
    c->exec("DELETE FROM crash_batch_rows WHERE batch = ?", {batch});
    c->exec("DELETE FROM crash_batches WHERE txid = ?", {batch});
    c->exec("INSERT INTO crash_tombstones (txid, batch) VALUES (?, ?)", {txid, batch});
    tx.commit();
  }

  void register_user(std::int64_t txid) {
    p_.call("auth.register", Actor::anonymous(),
            nlohmann::json{{"email", email_of(txid)}, {"password", kUserPassword}}.dump());
  }

  // A user of this thread's share (id modulo the thread count), so that no two threads act on one
  // user and a user's edits keep their order.
  std::optional<std::pair<std::int64_t, std::string>> pick_user(const std::string& status) {
    auto c = db_.acquire();
    std::optional<std::int64_t> lo, hi;
    c->query("SELECT min(id), max(id) FROM users", {}, [&](const storage::Row& r) {
      lo = r.opt_i64(0);
      hi = r.opt_i64(1);
    });
    if (!lo || !hi) return std::nullopt;
    std::optional<std::pair<std::int64_t, std::string>> found;
    for (std::int64_t from : {uniform(*lo, *hi), *lo}) {
      c->query("SELECT id, email FROM users WHERE id >= ? AND status = ? AND id % ? = ? ORDER BY id LIMIT 1",
               {from, status, threads_, thread_},
               [&](const storage::Row& r) { found.emplace(r.i64(0), r.text(1)); });
      if (found) break;
    }
    return found;
  }

  // Verify a pending user with the link of their mail, edit an active one's profile, or delete one.
  void user_unit(std::int64_t txid, const std::string& kind, const std::string& status) {
    const auto user = pick_user(status);
    if (!user) return unit(txid, "reg", email_of(txid), [&] { register_user(txid); });
    const auto& [id, email] = *user;
    const std::string args = std::to_string(id) + " " + email;
    if (kind == "ver") {
      std::string token;
      static const std::regex re("token=([A-Za-z0-9_-]+)");
      auto c = db_.acquire();
      c->query("SELECT payload FROM outbox WHERE recipient = ?", {email}, [&](const storage::Row& r) {
        std::smatch m;
        const std::string payload = r.text(0);
        if (std::regex_search(payload, m, re)) token = m[1];
      });
      c.reset();
      return unit(txid, kind, args, [&] {
        p_.call("auth.verify_email", Actor::anonymous(), nlohmann::json{{"token", token}}.dump());
      });
    }
    if (kind == "edit") {
      const auto e = profile_edit(txid);
      return unit(txid, kind, args, [&] {
        p_.call("profile.update", p_.act_as(email),
                nlohmann::json{{"first_name", e.first_name}, {"city", e.city}, {"about", e.about}}.dump());
      });
    }
    unit(txid, kind, args, [&] {
      const nlohmann::json params{{"user_id", format_id(IdKind::user, id)}};
      p_.call("users.delete", Actor::system(), params.dump());
    });
  }

  Platform& p_;
  storage::Database& db_;
  int fd_, round_, thread_, threads_;
  std::mt19937_64 rng_;
  std::int64_t seq_ = 0;
};

// The child process: its own Platform on the database, `threads` workers, never returns.
[[noreturn]] inline void child_main(const std::string& url, const std::filesystem::path& data_dir, int fd,
                                    int round, int threads, std::uint64_t seed) {
  try {
    PlatformOptions options;
    options.database_url = url;
    options.data_dir = data_dir;
    options.password_hashing = {1024, 1, 1};
    auto platform = Platform::open(std::move(options));
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
      pool.emplace_back([&, t] { Worker(*platform, fd, round, t, threads, seed).run_forever(); });
    for (auto& t : pool) t.join();
  } catch (const std::exception& e) {
    write_line(fd, std::string("x the child could not start: ") + e.what());
  }
  ::_exit(3);
}

}  // namespace fitkit::test::crash
