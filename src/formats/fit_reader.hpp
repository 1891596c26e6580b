// The reader of Garmin's FIT files (Flexible and Interoperable Data Transfer): activities from
// watches and bike computers. It streams: the input is read in chunks, and it keeps at most
// one message and the 16 local definitions, whatever the file's size. See docs/formats.md.
#pragma once

#include "formats/activity.hpp"
#include "formats/byte_source.hpp"

namespace fitkit::formats {

// Reads a FIT file (or several chained in a row) from `in` and reports its devices, points,
// laps, sessions and events to `out`, in file order. Throws Error(invalid_argument, field
// "file") for a damaged file — a bad header, a bad CRC, a truncated file, a data message
// without its definition — saying what and at which byte; `out` may have seen part of the
// file by then.
void read_fit(ByteSource& in, ActivitySink& out);

}  // namespace fitkit::formats
