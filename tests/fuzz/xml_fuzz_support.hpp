// What the fuzz targets of the XML activity readers (GPX, TCX) check on every input.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fitkit/error.hpp"
#include "formats/activity.hpp"
#include "formats/byte_source.hpp"

namespace fitkit::fuzz {

// Counts the events and traps on a point the reader should have refused.
class CheckingSink final : public formats::ActivitySink {
 public:
  std::size_t events = 0;
  void on_device(const formats::Device&) override { ++events; }
  void on_track(std::string_view) override { ++events; }
  void on_segment() override { ++events; }
  void on_lap(const formats::Summary&) override { ++events; }
  void on_session(const formats::Summary&) override { ++events; }
  void on_point(const formats::TrackPoint& p) override {
    ++events;
    if (p.latitude && !(std::fabs(*p.latitude) <= 90)) __builtin_trap();
    if (p.longitude && !(std::fabs(*p.longitude) <= 180)) __builtin_trap();
  }
};

// Gives the bytes in pieces of `piece` bytes.
class PieceSource final : public formats::ByteSource {
 public:
  PieceSource(std::string_view bytes, std::size_t piece) : bytes_(bytes), piece_(piece) {}
  std::size_t read(char* out, std::size_t size) override {
    const std::size_t n = std::min({size, piece_, bytes_.size() - pos_});
    std::copy_n(bytes_.data() + pos_, n, out);
    pos_ += n;
    return n;
  }

 private:
  std::string_view bytes_;
  std::size_t piece_;
  std::size_t pos_ = 0;
};

struct Outcome {
  std::size_t events = 0;
  bool refused = false;
};

template <class Reader>
Outcome run_reader(formats::ByteSource& in, Reader read) {
  CheckingSink sink;
  Outcome outcome;
  try {
    read(in, sink);
  } catch (const Error& e) {
    // A clear refusal is the expected answer to bad input; anything else escapes and fails.
    if (e.code() != ErrorCode::invalid_argument) __builtin_trap();
    outcome.refused = true;
  }
  outcome.events = sink.events;
  return outcome;
}

template <class Reader>
void check_xml_reader(std::string_view bytes, Reader read) {
  formats::MemorySource whole(bytes);
  const Outcome at_once = run_reader(whole, read);
  // Cut where the input says, 1 to 16 bytes a piece: the same events, and a refusal or not.
  // (Not always the same message: with some broken input, expat's words and positions depend
  // on where a chunk ends.)
  PieceSource pieces(bytes, bytes.empty() ? 1 : 1 + static_cast<unsigned char>(bytes.back()) % 16);
  const Outcome in_pieces = run_reader(pieces, read);
  if (in_pieces.events != at_once.events || in_pieces.refused != at_once.refused) __builtin_trap();
}

}  // namespace fitkit::fuzz
