// A throwaway PostgreSQL cluster for tests: initdb in a fresh folder, a server on 127.0.0.1 at a
// free port (its socket in that folder, fsync off), stopped and removed at scope exit, also when a
// test fails. With FITKIT_TEST_POSTGRES_URL set, that server is used instead and nothing starts.
#pragma once

#include <pwd.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "fitkit/storage.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace fitkit::test {

class PgCluster {
 public:
  static constexpr const char* kBinDir = "/usr/lib/postgresql/15/bin";

  PgCluster() {
    if (const char* url = std::getenv("FITKIT_TEST_POSTGRES_URL"); url && *url) {
      external_url_ = url;
      return;
    }
    if (!std::filesystem::exists(std::string(kBinDir) + "/initdb"))
      throw std::runtime_error(std::string("PostgreSQL 15 is not installed (no ") + kBinDir +
                               "/initdb): run scripts/install-deps.sh, or apt-get install postgresql, "
                               "or set FITKIT_TEST_POSTGRES_URL to a server to test against");
    dir_ = std::make_unique<TempDir>("fitkit-pg");
    // initdb refuses root: the cluster then belongs to the postgres user.
    if (::geteuid() == 0) {
      const passwd* pw = ::getpwnam("postgres");
      if (!pw) throw std::runtime_error("running as root and there is no 'postgres' user to own the cluster");
      as_user_ = {"/usr/sbin/runuser", "-u", "postgres", "--"};
      if (::chown(dir_->path().c_str(), pw->pw_uid, pw->pw_gid) != 0)
        throw std::runtime_error("cannot hand the cluster folder to the postgres user");
    }
    const std::string data = (dir_->path() / "data").string();
    run({std::string(kBinDir) + "/initdb", "-D", data, "-U", "fitkit", "--auth=trust", "-E", "UTF8",
         "--no-sync", "--no-instructions"},
        "initdb");
    port_ = free_tcp_port();
    const std::string options = "-c listen_addresses=127.0.0.1 -p " + std::to_string(port_) + " -k " +
                                dir_->path().string() +
                                " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
    started_ = true;  // from here on, stop it whatever happens
    try {
      run({std::string(kBinDir) + "/pg_ctl", "-D", data, "-l", (dir_->path() / "server.log").string(), "-o",
           options, "-w", "-t", "30", "start"},
          "pg_ctl start");
    } catch (...) {
      stop();
      throw;
    }
  }

  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;

  ~PgCluster() { stop(); }  // then dir_ removes the folder

  void stop() noexcept {
    if (!started_) return;
    started_ = false;
    try {
      run_command(with_user({std::string(kBinDir) + "/pg_ctl", "-D", (dir_->path() / "data").string(), "-m",
                             "immediate", "-w", "stop"}));
    } catch (...) {
    }
  }

  // A new empty database on the server and its URL. On a given server it is made with
  // CREATE DATABASE through the given URL, whose database is only used for that.
  std::string create_database() {
    static std::atomic<int> counter{0};
    const std::string name = "fitkit_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    if (!external_url_.empty()) {
      storage::open_database(external_url_)->acquire()->run_script("CREATE DATABASE " + name);
      const auto path = external_url_.find('/', external_url_.find("://") + 3);
      const auto query = external_url_.find('?');
      const std::string rest = query == std::string::npos ? std::string() : external_url_.substr(query);
      return external_url_.substr(0, path == std::string::npos ? query : path) + "/" + name + rest;
    }
    run({std::string(kBinDir) + "/createdb", "-h", "127.0.0.1", "-p", std::to_string(port_), "-U", "fitkit",
         name},
        "createdb");
    return "postgresql://fitkit@127.0.0.1:" + std::to_string(port_) + "/" + name;
  }

  int port() const { return port_; }

 private:
  std::vector<std::string> with_user(std::vector<std::string> argv) const {
    std::vector<std::string> out = as_user_;
    out.insert(out.end(), argv.begin(), argv.end());
    return out;
  }

  // Runs a step, with its output in a log file that the error quotes when it fails.
  void run(std::vector<std::string> argv, const std::string& what) {
    const std::string log = (dir_->path() / "step.log").string();
    const int code = run_command(with_user(std::move(argv)), std::chrono::seconds(60),
                                 {.env = {}, .stdout_path = log, .stderr_path = log});
    if (code != 0) {
      std::ifstream in(log);
      std::stringstream text;
      text << in.rdbuf();
      throw std::runtime_error(what + " failed (exit " + std::to_string(code) + "): " + text.str());
    }
  }

  std::string external_url_;
  std::unique_ptr<TempDir> dir_;
  std::vector<std::string> as_user_;
  int port_ = 0;
  bool started_ = false;
};

// The one cluster of a test binary, started on first use and stopped at exit: initdb costs a
// second or two, and every test gets a database of its own from it anyway.
inline PgCluster& shared_pg_cluster() {
  static PgCluster cluster;
  return cluster;
}

}  // namespace fitkit::test
