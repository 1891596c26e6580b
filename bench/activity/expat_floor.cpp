// bench_expat_floor: the floors under fitkit's GPX and TCX readers, over the same file.
//   --mode expat: expat tokenising the bytes as fitkit's XmlStream sets it up (namespace
//                 processing on, 64 KiB XML_GetBuffer/XML_ParseBuffer chunks) with empty
//                 start/end element handlers and no character-data handler: what any
//                 expat-based reader pays before looking at a single element.
//   --mode read:  read() of the file in 64 KiB chunks and nothing else (the page cache's speed).
//
//   bench_expat_floor --file PATH [--mode expat|read] [--runs R] [--min-seconds S]
//
// It runs R times, and more until S seconds have gone by (small files get more runs).
//
// Prints one JSON line: bytes, elements (expat) , runs, best_s, median_s.
#include <expat.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr int kChunk = 64 * 1024;

[[noreturn]] void fail(const std::string& why) {
  std::fprintf(stderr, "bench_expat_floor: %s\n", why.c_str());
  std::exit(1);
}

void XMLCALL on_start(void* count, const XML_Char*, const XML_Char**) { ++*static_cast<std::size_t*>(count); }
void XMLCALL on_end(void*, const XML_Char*) {}

int open_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail("cannot open " + path + ": " + std::strerror(errno));
  return fd;
}

// Returns the bytes read; `elements` gets the count of start tags.
std::size_t tokenise(const std::string& path, std::size_t& elements) {
  const int fd = open_file(path);
  XML_Parser parser = XML_ParserCreateNS(nullptr, '\x01');
  if (!parser) fail("out of memory");
  elements = 0;
  XML_SetUserData(parser, &elements);
  XML_SetElementHandler(parser, &on_start, &on_end);
  std::size_t total = 0;
  for (;;) {
    void* buffer = XML_GetBuffer(parser, kChunk);
    if (!buffer) fail("XML_GetBuffer failed");
    const ssize_t n = ::read(fd, buffer, kChunk);
    if (n < 0) fail(std::string("read: ") + std::strerror(errno));
    total += static_cast<std::size_t>(n);
    if (XML_ParseBuffer(parser, static_cast<int>(n), n == 0) != XML_STATUS_OK)
      fail(path + ": " + XML_ErrorString(XML_GetErrorCode(parser)));
    if (n == 0) break;
  }
  XML_ParserFree(parser);
  ::close(fd);
  return total;
}

std::size_t read_all(const std::string& path) {
  const int fd = open_file(path);
  std::vector<char> buffer(kChunk);
  std::size_t total = 0;
  for (;;) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0) fail(std::string("read: ") + std::strerror(errno));
    if (n == 0) break;
    total += static_cast<std::size_t>(n);
  }
  ::close(fd);
  return total;
}

}  // namespace

int main(int argc, char** argv) {
  std::string file, mode = "expat";
  int runs = 5;
  double min_seconds = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (i + 1 >= argc) fail("usage: bench_expat_floor --file PATH [--mode expat|read] [--runs R] [--min-seconds S]");
    if (arg == "--file") file = argv[++i];
    else if (arg == "--mode") mode = argv[++i];
    else if (arg == "--runs") runs = std::atoi(argv[++i]);
    else if (arg == "--min-seconds") min_seconds = std::atof(argv[++i]);
    else fail("unknown argument " + std::string(arg));
  }
  if (file.empty() || runs < 1 || (mode != "expat" && mode != "read"))
    fail("usage: bench_expat_floor --file PATH [--mode expat|read] [--runs R] [--min-seconds S]");
  std::vector<double> seconds;
  std::size_t bytes = 0, elements = 0;
  double spent = 0;
  for (int r = 0; r < runs || spent < min_seconds; ++r) {
    const auto start = std::chrono::steady_clock::now();
    bytes = mode == "expat" ? tokenise(file, elements) : read_all(file);
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    spent += seconds.back();
  }
  std::sort(seconds.begin(), seconds.end());
  const double median = seconds.size() % 2 ? seconds[seconds.size() / 2]
                                           : (seconds[seconds.size() / 2 - 1] + seconds[seconds.size() / 2]) / 2;
  std::printf("{\"mode\":\"%s\",\"bytes\":%zu,\"elements\":%zu,\"runs\":%zu,\"best_s\":%.6f,\"median_s\":%.6f}\n",
              mode.c_str(), bytes, elements, seconds.size(), seconds.front(), median);
  return 0;
}
