#!/usr/bin/python3
"""Reads an RFC 5322 message file with Python's standard email parser and prints what it found
as JSON, so that tests check messages against an independent implementation.

Output: {"headers": {name: [decoded values]}, "body": decoded text with "\n" line ends,
"content_type", "charset", "date": ISO 8601 or null, "defects": [parser complaints],
"longest_line": longest line without its CRLF, "bare_lf": whether a LF lacks its CR}
"""
import email
import email.policy
import email.utils
import json
import sys


def main():
    raw = open(sys.argv[1], "rb").read()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    headers = {}
    defects = [type(d).__name__ for d in message.defects]
    for name in message.keys():
        if name in headers:
            continue
        values = message.get_all(name)
        headers[name] = [str(v) for v in values]
        for v in values:
            defects += [type(d).__name__ for d in getattr(v, "defects", ())]
    date = None
    if message["Date"]:
        date = email.utils.parsedate_to_datetime(message["Date"]).isoformat()
    lines = raw.split(b"\r\n")
    print(json.dumps({
        "headers": headers,
        "body": message.get_content().replace("\r\n", "\n"),
        "content_type": message.get_content_type(),
        "charset": message.get_content_charset(),
        "date": date,
        "defects": defects,
        "longest_line": max(len(line) for line in lines),
        "bare_lf": b"\n" in b"".join(lines),
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
