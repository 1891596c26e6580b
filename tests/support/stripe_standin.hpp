// tests/support/stripe_standin.py as a process on 127.0.0.1, stopped and reaped whatever the test
// did, and the requests it received.
#pragma once

#include <chrono>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/process.hpp"
#include "support/read_eml.hpp"
#include "support/temp_dir.hpp"

namespace fitkit::test {

inline const std::string kStripeKey = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";

class StripeStandin {
 public:
  // `extra` adds options: {"--status", "4200=requires_payment_method"}, {"--fail", "5000"}.
  explicit StripeStandin(std::vector<std::string> extra = {}) {
    std::vector<std::string> argv = {"/usr/bin/python3", support_script("stripe_standin.py"), "--key", kStripeKey,
                                     "--requests", (dir_ / "requests.jsonl").string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    const auto out = (dir_ / "port").string(), log = (dir_ / "standin.log").string();
    process_.emplace(argv, ProcessOptions{.env = {}, .stdout_path = out, .stderr_path = log});
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    for (;;) {  // the first line it prints is its port
      std::ifstream in(out);
      std::string line;
      if (std::getline(in, line) && !in.eof()) {
        port_ = std::stoi(line);
        break;
      }
      if (!process_->running() || std::chrono::steady_clock::now() > deadline)
        throw std::runtime_error("the Stripe stand-in did not start:\n" + read_text_file(log));
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    process_->wait_for_port(port_);
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // Every request received so far, oldest first: {method, path, idempotency_key, authorization,
  // content_type, stripe_version, form}.
  std::vector<nlohmann::json> requests() const {
    std::vector<nlohmann::json> out;
    std::ifstream in(dir_ / "requests.jsonl");
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) out.push_back(nlohmann::json::parse(line));
    return out;
  }

 private:
  TempDir dir_{"fitkit-stripe"};
  int port_ = 0;
  std::optional<ChildProcess> process_;  // declared last: stopped before the folder goes
};

}  // namespace fitkit::test
