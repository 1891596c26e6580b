// Child processes for tests that need a real server: started with posix_spawn, always stopped
// and reaped when the guard goes out of scope, also when an assertion fails.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

extern char** environ;

namespace fitkit::test {

// A TCP port on 127.0.0.1 that was free a moment ago (bind to port 0 and read it back).
inline int free_tcp_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    const int err = errno;
    ::close(fd);
    throw std::runtime_error(std::string("cannot find a free port: ") + std::strerror(err));
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

// True when something accepts TCP connections on 127.0.0.1:port.
inline bool tcp_port_open(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

struct ProcessOptions {
  std::map<std::string, std::string> env;  // added to (or replacing in) this process's environment
  std::optional<std::string> stdout_path;  // stdout to this file (truncated) instead of ours
  std::optional<std::string> stderr_path;  // likewise for stderr; "/dev/null" to silence
};

class ChildProcess {
 public:
  // argv[0] is looked up on PATH when it has no '/'. Throws std::runtime_error when it cannot start.
  explicit ChildProcess(std::vector<std::string> argv, ProcessOptions options = {}) {
    if (argv.empty()) throw std::runtime_error("ChildProcess: empty argv");
    std::vector<std::string> env_strings;
    for (char** e = environ; *e; ++e) {
      const std::string entry = *e;
      const auto name = entry.substr(0, entry.find('='));
      if (!options.env.count(name)) env_strings.push_back(entry);
    }
    for (const auto& [name, value] : options.env) env_strings.push_back(name + "=" + value);
    std::vector<char*> args, envp;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    for (auto& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (options.stdout_path)
      posix_spawn_file_actions_addopen(&actions, 1, options.stdout_path->c_str(),
                                       O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (options.stderr_path)
      posix_spawn_file_actions_addopen(&actions, 2, options.stderr_path->c_str(),
                                       O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    // Its own process group, so that stopping it also stops whatever it started.
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    const int rc = ::posix_spawnp(&pid_, args[0], &actions, &attr, args.data(), envp.data());
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
    name_ = argv[0];
  }

  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  ~ChildProcess() {
    try {
      stop();
    } catch (...) {
    }
  }

  pid_t pid() const { return pid_; }

  // The exit status (as from waitpid) once it has ended; nullopt while it runs.
  std::optional<int> poll() {
    if (!status_ && pid_ > 0) {
      int status = 0;
      const pid_t r = ::waitpid(pid_, &status, WNOHANG);
      if (r == pid_) status_ = status;
    }
    return status_;
  }

  bool running() { return pid_ > 0 && !poll(); }

  // Waits until it ends; nullopt when `timeout` passed first (it keeps running).
  std::optional<int> wait(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!poll()) {
      if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return status_;
  }

  // The exit code when it exited normally, else -signal.
  std::optional<int> wait_exit_code(std::chrono::milliseconds timeout) {
    const auto status = wait(timeout);
    if (!status) return std::nullopt;
    return WIFEXITED(*status) ? WEXITSTATUS(*status) : -WTERMSIG(*status);
  }

  // Waits until 127.0.0.1:port accepts connections. Throws when the process ends first or the
  // time runs out.
  void wait_for_port(int port, std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      if (!running())
        throw std::runtime_error(name_ + " ended before listening on port " + std::to_string(port));
      if (tcp_port_open(port)) return;
      if (std::chrono::steady_clock::now() >= deadline)
        throw std::runtime_error(name_ + " is not listening on port " + std::to_string(port) + " in time");
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  // SIGTERM to its group, SIGKILL after `grace`, then reaps it. Safe to call more than once.
  void stop(std::chrono::milliseconds grace = std::chrono::seconds(5)) {
    if (pid_ <= 0) return;
    if (!poll()) {
      ::kill(-pid_, SIGTERM);
      if (!wait(grace)) {
        ::kill(-pid_, SIGKILL);
        int status = 0;
        while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
        status_ = status;
      }
    }
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
  std::optional<int> status_;
  std::string name_;
};

// Runs a command to its end and returns its exit code (-signal when killed); quiet unless asked.
inline int run_command(std::vector<std::string> argv,
                       std::chrono::milliseconds timeout = std::chrono::seconds(60),
                       ProcessOptions options = {
                           .env = {}, .stdout_path = "/dev/null", .stderr_path = "/dev/null"}) {
  ChildProcess child(std::move(argv), std::move(options));
  const auto code = child.wait_exit_code(timeout);
  if (!code) throw std::runtime_error("command did not finish in time");
  return *code;
}

}  // namespace fitkit::test
