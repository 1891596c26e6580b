// Several child processes forked from the test, held at a start line and released together,
// each sending back one line of text: for races that only separate processes with their own
// connections show. The children are killed and reaped however the test ends.
#pragma once

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace fitkit::test {

class ForkedChildren {
 public:
  // `prepare(i)` runs in child i before the start line (open connections there), `race(i)`
  // after it; what race returns is the child's answer. A child must not touch doctest.
  ForkedChildren(int count, const std::function<void(int)>& prepare, const std::function<std::string(int)>& race) {
    // fork() copies only the calling thread: with others alive, a child could inherit a held lock.
    const auto threads = std::distance(std::filesystem::directory_iterator("/proc/self/task"),
                                       std::filesystem::directory_iterator());
    if (threads != 1)
      throw std::runtime_error("forking needs a single-threaded test process; it has " + std::to_string(threads) +
                               " threads");
    int start[2];
    if (::pipe(start) != 0) throw std::runtime_error("pipe failed");
    start_write_ = start[1];
    for (int i = 0; i < count; ++i) {
      int answer[2];
      if (::pipe(answer) != 0) throw std::runtime_error("pipe failed");
      const pid_t pid = ::fork();
      if (pid < 0) throw std::runtime_error("fork failed");
      if (pid == 0) {
        ::close(start[1]);
        ::close(answer[0]);
        std::string line;
        try {
          prepare(i);
          char byte;
          while (::read(start[0], &byte, 1) > 0) {
          }  // the parent closes its end to start everyone at once
          line = race(i);
        } catch (const std::exception& e) {
          line = std::string("exception: ") + e.what();
        }
        line += '\n';
        for (std::size_t done = 0; done < line.size();) {
          const auto n = ::write(answer[1], line.data() + done, line.size() - done);
          if (n <= 0) break;
          done += static_cast<std::size_t>(n);
        }
        ::_exit(0);  // no destructors, no atexit handlers of the parent's state
      }
      ::close(answer[1]);
      children_.push_back({pid, answer[0]});
    }
    ::close(start[0]);
  }

  ForkedChildren(const ForkedChildren&) = delete;
  ForkedChildren& operator=(const ForkedChildren&) = delete;

  ~ForkedChildren() {
    if (start_write_ >= 0) ::close(start_write_);
    for (auto& c : children_) {
      ::kill(c.pid, SIGKILL);
      ::waitpid(c.pid, nullptr, 0);
      ::close(c.fd);
    }
  }

  // Releases the children and returns their answers in child order; a child that has not
  // answered within `timeout` answers "timeout".
  std::vector<std::string> release_and_collect(std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
    ::close(start_write_);
    start_write_ = -1;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::vector<std::string> out;
    for (auto& c : children_) {
      std::string text;
      char buf[512];
      for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        pollfd p{c.fd, POLLIN, 0};
        if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
          text = "timeout";
          break;
        }
        const auto n = ::read(c.fd, buf, sizeof buf);
        if (n <= 0) break;
        text.append(buf, static_cast<std::size_t>(n));
      }
      while (!text.empty() && text.back() == '\n') text.pop_back();
      out.push_back(text);
    }
    return out;
  }

 private:
  struct Child {
    pid_t pid;
    int fd;
  };
  std::vector<Child> children_;
  int start_write_ = -1;
};

}  // namespace fitkit::test
