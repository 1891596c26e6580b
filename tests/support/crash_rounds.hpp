// Crash consistency, on any backend: a child process commits random units of work from several
// threads (bank transfers, batches of rows, registrations, verifications, profile edits and
// deletions through the platform) and acknowledges each commit on a pipe; the parent kills it with
// SIGKILL at a random moment, then checks that every acknowledged commit is there, that no change
// is half-applied and that the database is sound. Rounds run on the same database, so the state
// and whatever a kill left behind carry over to the next round.
//
// fork() without exec is safe here because the parent has a single thread when it forks (checked,
// else it refuses) and holds no database connection then: the child starts from a clean copy,
// opens its own database and only then starts threads. It never returns into the caller: it is
// killed, or it ends with _exit().
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "fitkit/platform.hpp"
#include "fitkit/storage.hpp"
#include "support/crash_check.hpp"
#include "support/crash_work.hpp"
#include "support/temp_dir.hpp"

namespace fitkit::test {

struct CrashRoundsOptions {
  int threads = 4;       // writer threads in the child
  int min_kill_ms = 5;   // the kill comes this long after the fork, at random between the two
  int max_kill_ms = 300;
};

struct CrashRoundsReport {
  std::string backend;
  std::uint64_t seed = 0;
  int rounds = 0;                       // rounds run (fewer than asked when one failed)
  std::int64_t acknowledged = 0;        // units whose commit returned before the kill
  std::int64_t acknowledged_found = 0;  // of those, found in the database
  std::int64_t in_doubt = 0;            // units running when the kill came
  std::int64_t in_doubt_committed = 0;  // of those, committed (killed between commit and answer)
  int kills_mid_unit = 0;               // rounds whose kill came while a unit was running
  std::int64_t failed = 0;              // units that threw (not acknowledged, not checked)
  std::int64_t lost = 0;                // acknowledged but missing, or once there and gone
  std::int64_t half_applied = 0;        // invariants across rows and tables broken
  int integrity_failures = 0;           // rounds whose integrity or foreign key checks failed
  bool amcheck = false;                 // PostgreSQL: indexes and heaps were checked with amcheck
  double seconds = 0;
  std::vector<std::string> problems;    // the first ones, with their round

  bool ok() const { return lost == 0 && half_applied == 0 && integrity_failures == 0 && problems.empty(); }
  std::string summary() const {
    using std::to_string;
    std::string s = backend + ": " + to_string(rounds) + " rounds, seed " + to_string(seed) + ", " +
                    to_string(acknowledged) + " acknowledged commits (" + to_string(acknowledged_found) +
                    " found), " + to_string(in_doubt) + " in doubt at the kill (" +
                    to_string(in_doubt_committed) + " had committed), " + to_string(failed) +
                    " failed, lost " + to_string(lost) + ", half-applied " + to_string(half_applied) +
                    ", integrity failures " + to_string(integrity_failures);
    for (const auto& p : problems) s += "\n  " + p;
    return s;
  }
};

namespace crash {

inline int thread_count() {
  int n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/task")) ++n;
  return n;
}

// Applies the schema, makes the platform's secrets and the bank. Returns whether amcheck is there.
inline bool prepare(const std::string& url, const std::filesystem::path& data_dir) {
  {
    PlatformOptions options;
    options.database_url = url;
    options.data_dir = data_dir;
    Platform::open(std::move(options));  // migrations, and the secrets every child then reads
  }
  auto db = storage::open_database(url);
  auto c = db->acquire();
  c->run_script(kSchema);
  for (int id = 1; id <= kAccounts; ++id)
    c->exec("INSERT INTO crash_accounts (id, opening, balance) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING",
            {id, kInitialBalance, kInitialBalance});
  if (db->dialect() != "postgresql") return false;
  try {
    c->run_script("CREATE EXTENSION IF NOT EXISTS amcheck");
    return true;
  } catch (const Error&) {
    return false;  // a given server without contrib, or a user who may not create it
  }
}

// Kills and reaps the child if the round ends early (an exception in the parent).
struct ChildGuard {
  pid_t pid;
  ~ChildGuard() {
    if (pid <= 0) return;
    ::kill(pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
};

// Drains the pipe until `deadline` (or its end when nullopt) into `out`; false at its end.
using Deadline = std::optional<std::chrono::steady_clock::time_point>;

inline bool drain(int fd, std::string& out, Deadline deadline) {
  char buf[8192];
  for (;;) {
    int timeout = -1;
    if (deadline) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return true;
      timeout = static_cast<int>(left.count());
    }
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, timeout);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) throw std::runtime_error("poll on the child's pipe failed");
    if (ready == 0) continue;
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::runtime_error("reading the child's pipe failed");
    if (n == 0) return false;
    out.append(buf, static_cast<std::size_t>(n));
  }
}

// One round: fork the child, let it work for `kill_after`, SIGKILL it, collect what it said.
inline RoundLog run_child(const std::string& url, const std::filesystem::path& data_dir, int round,
                          std::chrono::milliseconds kill_after, const CrashRoundsOptions& options,
                          std::uint64_t seed) {
  if (const int n = thread_count(); n != 1)
    throw std::runtime_error("the crash rounds fork, which needs a single-threaded process; this one has " +
                             std::to_string(n) + " threads");
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("cannot make a pipe");
  const auto started = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    throw std::runtime_error("fork failed");
  }
  if (pid == 0) {
    ::close(fds[0]);
    child_main(url, data_dir, fds[1], round, options.threads, seed);
  }
  ::close(fds[1]);
  ChildGuard guard{pid};
  std::string text;
  bool open = true;
  try {
    open = drain(fds[0], text, started + kill_after);
  } catch (...) {
    ::close(fds[0]);
    throw;
  }
  ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  guard.pid = -1;
  if (open) drain(fds[0], text, std::nullopt);  // what was written before the end
  ::close(fds[0]);
  RoundLog log = parse_round_log(text);
  if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
    log.notes.push_back("the child ended before the kill (status " + std::to_string(status) + ")");
  return log;
}

}  // namespace crash

// Runs `rounds` rounds on the database of `url_factory()` (called once; a file or server database,
// not ":memory:"), with the kill moments drawn from `seed`. Stops after the first failing round.
inline CrashRoundsReport run_crash_rounds(const std::function<std::string()>& url_factory, int rounds,
                                          std::uint64_t seed, CrashRoundsOptions options = {}) {
  const auto started = std::chrono::steady_clock::now();
  CrashRoundsReport report;
  report.seed = seed;
  const std::string url = url_factory();
  report.backend = url.starts_with("sqlite:") ? "sqlite" : "postgresql";
  TempDir data_dir("fitkit-crash");
  report.amcheck = crash::prepare(url, data_dir.path());
  crash::Checker checker(url, report.amcheck);
  std::mt19937_64 rng(seed);
  for (int round = 0; round < rounds; ++round) {
    const auto kill_after = std::chrono::milliseconds(
        std::uniform_int_distribution<int>(options.min_kill_ms, options.max_kill_ms)(rng));
    const auto log = crash::run_child(url, data_dir.path(), round, kill_after, options, seed);
    const auto f = checker.check(log, round);
    ++report.rounds;
    report.acknowledged += f.acknowledged;
    report.acknowledged_found += f.acknowledged_found;
    report.in_doubt += f.in_doubt;
    report.in_doubt_committed += f.in_doubt_committed;
    report.kills_mid_unit += f.in_doubt > 0;
    report.failed += static_cast<std::int64_t>(log.failed.size());
    report.lost += f.lost;
    report.half_applied += f.half_applied;
    report.integrity_failures += !f.integrity_ok;
    for (const auto& p : f.problems) report.problems.push_back(p);
    for (const auto& note : log.notes)
      report.problems.push_back("round " + std::to_string(round) + ": the child: " + note);
    if (!report.ok()) break;
    checker.prune(round + 1);
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace fitkit::test
