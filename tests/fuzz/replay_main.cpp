// Runs a fuzz target without libFuzzer: every file of the corpus folders given,
// then random mutations of them until --mutations have run or --seconds have passed. With clang, build the
// targets with -fsanitize=fuzzer instead (FITKIT_FUZZ=ON) for real fuzzing.
#include <chrono>
#include <cstdint>
#include <limits>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  std::vector<std::string> corpus;
  long mutations = 20000;
  double seconds = 0;  // 0: no time bound
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--seconds=", 0) == 0) {
      seconds = std::stod(arg.substr(10));
      mutations = std::numeric_limits<long>::max();
      continue;
    }
    if (arg.rfind("--mutations=", 0) == 0) {
      mutations = std::stol(arg.substr(12));
      continue;
    }
    for (const auto& entry : std::filesystem::recursive_directory_iterator(arg)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream f(entry.path(), std::ios::binary);
      corpus.emplace_back(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
    }
  }
  if (corpus.empty()) corpus.emplace_back("\x00", 1);
  for (const auto& input : corpus) LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
  std::mt19937_64 rng(20261123);  // fixed: a failure is reproducible
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  long n = 0;
  for (; n < mutations; ++n) {
    if (seconds > 0 && n % 64 == 0 && std::chrono::steady_clock::now() >= deadline) break;
    std::string input = corpus[rng() % corpus.size()];
    const int edits = 1 + static_cast<int>(rng() % 8);
    for (int e = 0; e < edits; ++e) {
      const auto pos = input.empty() ? 0 : rng() % input.size();
      switch (rng() % 4) {
        case 0: if (!input.empty()) input[pos] = static_cast<char>(rng()); break;
        case 1: input.insert(input.begin() + static_cast<long>(pos), static_cast<char>(rng())); break;
        case 2: if (!input.empty()) input.erase(pos, 1 + rng() % 4); break;
        case 3: input += corpus[rng() % corpus.size()].substr(0, 16); break;
      }
    }
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
  }
  std::cout << corpus.size() << " corpus inputs and " << n << " mutations ran clean\n";
  return 0;
}
