// Fuzz target for IOF XML 3.0 result lists: any bytes are read to the end or refused with
// invalid_argument; what is read keeps the reader's promises (known statuses, times from 0),
// does not depend on how the input is cut, and what the writer makes of it validates in the
// reader's eyes: read back, it is the same list.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fitkit/error.hpp"
#include "formats/byte_source.hpp"
#include "formats/iof_reader.hpp"
#include "formats/iof_writer.hpp"
#include "xml_fuzz_support.hpp"

namespace {

using namespace fitkit::formats::iof;

bool is_seconds(const std::optional<double>& s) { return !s || (std::isfinite(*s) && *s >= 0); }

class CheckingHandler final : public ResultListHandler {
 public:
  ResultList list;
  std::size_t events = 0;

  void on_list(const ResultListHeader& header) override {
    ++events;
    if (!is_list_status(header.status)) __builtin_trap();
    list.status = header.status;
  }
  void on_event(const EventInfo& event) override {
    ++events;
    list.event = event;
  }
  void on_class(const ClassInfo& cls) override {
    ++events;
    list.classes.emplace_back(cls, std::vector<PersonResult>{});
  }
  void on_result(const ClassInfo&, PersonResult&& r) override {
    ++events;
    if (!is_result_status(r.status) || !is_seconds(r.time_s) || !is_seconds(r.time_behind_s)) __builtin_trap();
    for (const auto& split : r.splits)
      if (!is_split_status(split.status) || !is_seconds(split.time_s)) __builtin_trap();
    if (r.leg && !r.team) __builtin_trap();
    if (list.classes.empty()) __builtin_trap();  // a result outside any class
    r.line = 0;
    list.classes.back().second.push_back(std::move(r));
  }
};

struct Outcome {
  ResultList list;
  std::size_t events = 0;
  bool refused = false;
};

Outcome run(fitkit::formats::ByteSource& in) {
  CheckingHandler handler;
  Outcome outcome;
  try {
    read_result_list(in, handler);
  } catch (const fitkit::Error& e) {
    if (e.code() != fitkit::ErrorCode::invalid_argument) __builtin_trap();
    outcome.refused = true;
  }
  outcome.events = handler.events;
  outcome.list = std::move(handler.list);
  return outcome;
}

// The order the writer puts a class's results in: individual ones, then each team's members
// together, teams in order of first appearance.
ResultList in_writer_order(ResultList list) {
  for (auto& [cls, results] : list.classes) {
    std::vector<PersonResult> ordered;
    std::vector<std::string> teams;
    for (auto& r : results)
      if (!r.team) ordered.push_back(r);
      else if (std::find(teams.begin(), teams.end(), *r.team) == teams.end()) teams.push_back(*r.team);
    for (const auto& team : teams)
      for (auto& r : results)
        if (r.team == team) ordered.push_back(r);
    results = std::move(ordered);
  }
  return list;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  fitkit::formats::MemorySource whole(bytes);
  const Outcome at_once = run(whole);
  fitkit::fuzz::PieceSource pieces(bytes, bytes.empty() ? 1 : 1 + static_cast<unsigned char>(bytes.back()) % 16);
  const Outcome in_pieces = run(pieces);
  if (in_pieces.events != at_once.events || in_pieces.refused != at_once.refused) __builtin_trap();
  if (at_once.refused) return 0;

  // Written and read again, a list that read is the same list.
  const std::string written = write_result_list(at_once.list, 0, "fuzz");
  fitkit::formats::MemorySource again(written);
  const Outcome back = run(again);
  if (back.refused || !(back.list == in_writer_order(at_once.list))) __builtin_trap();
  return 0;
}
