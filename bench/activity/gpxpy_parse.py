#!/usr/bin/python3
"""gpxpy, the peer of fitkit's GPX reader in (h): gpxpy.parse() of one file, timed in-process.

    gpxpy_parse.py FILE [RUNS] [MIN_SECONDS]

It runs RUNS times (3), and more until MIN_SECONDS (0) have gone by. Each run opens the
file and times gpxpy.parse(file) alone (it reads the file and builds the whole GPX object
tree); the points are counted outside the timing. Prints one JSON line: bytes, points, runs,
best_s, median_s, max_rss_kib (the process's peak), gpxpy's version and the XML parser it used.
"""
import json
import os
import resource
import statistics
import sys
import time

import gpxpy
import gpxpy.parser


def main() -> int:
    path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    min_seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
    seconds = []
    points = 0
    while len(seconds) < runs or sum(seconds) < min_seconds:
        with open(path, encoding="utf-8") as f:
            start = time.perf_counter()
            gpx = gpxpy.parse(f)
            seconds.append(time.perf_counter() - start)
        points = sum(len(s.points) for t in gpx.tracks for s in t.segments)
        del gpx
    parser = getattr(gpxpy.parser, "mod_etree", None)
    print(json.dumps({
        "bytes": os.path.getsize(path),
        "points": points,
        "runs": len(seconds),
        "best_s": min(seconds),
        "median_s": statistics.median(seconds),
        "max_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "gpxpy": gpxpy.__version__,
        "xml_parser": getattr(parser, "__name__", "unknown"),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
