"""End-to-end tests of structured training through fitctl: importing an exercise catalogue
from a CSV file, creating a template and exporting it as a FIT workout file, decoded here
independently of fitkit's own code.

Run by ctest with FITCTL set to the binary; each test gets its own folder.
"""

import json
import os
import pathlib
import shutil
import struct
import subprocess
import tempfile
import unittest

FITCTL = os.environ.get("FITCTL", "fitctl")
ADMIN = "admin@example.com"
RUNNER = "runner@example.com"
OTHER = "other@example.com"
PASSWORD = "long enough training password 42"

CATALOGUE = (
    "Name,Category,Muscle groups,Equipment,Description\n"
    'Sled push,strength,quadriceps;glutes,sled,"Drive the sled, low and fast."\n'
    "Battle ropes,cardio,shoulders|full_body,,\n"
)

STEPS = [
    {"type": "warmup", "name": "Easy", "duration": {"type": "time", "seconds": 600},
     "target": {"type": "heart_rate", "zone": 2}},
    {"type": "repeat", "count": 4, "steps": [
        {"type": "work", "duration": {"type": "distance", "meters": 1000},
         "target": {"type": "power", "min_w": 250, "max_w": 280}},
        {"type": "recovery", "duration": {"type": "time", "seconds": 90}}]},
    {"type": "cooldown", "duration": {"type": "open"}},
]


def fit_crc(data, crc=0):
    """The FIT SDK's CRC-16, a nibble at a time."""
    table = [0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
             0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400]
    for byte in data:
        tmp = table[crc & 0xF]
        crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ table[byte & 0xF]
        tmp = table[crc & 0xF]
        crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ table[(byte >> 4) & 0xF]
    return crc


def decode_fit(data):
    """(global message number, {field number: raw bytes}) for each data message."""
    header_size = data[0]
    data_size = struct.unpack_from("<I", data, 4)[0]
    assert data[8:12] == b".FIT"
    assert struct.unpack_from("<H", data, 12)[0] == fit_crc(data[:12]), "header CRC"
    assert len(data) == header_size + data_size + 2, "declared size"
    assert struct.unpack_from("<H", data, len(data) - 2)[0] == fit_crc(data[:-2]), "file CRC"
    definitions, messages = {}, []
    pos, end = header_size, header_size + data_size
    while pos < end:
        header = data[pos]
        pos += 1
        assert header & 0x80 == 0
        local = header & 0x0F
        if header & 0x40:
            assert data[pos + 1] == 0, "little-endian"
            glob, count = struct.unpack_from("<HB", data, pos + 2)
            pos += 5
            fields = [tuple(data[pos + 3 * i: pos + 3 * i + 3]) for i in range(count)]
            pos += 3 * count
            definitions[local] = (glob, fields)
        else:
            glob, fields = definitions[local]
            values = {}
            for number, size, _base in fields:
                values[number] = data[pos:pos + size]
                pos += size
            messages.append((glob, values))
    assert pos == end
    return messages


def u8(raw):
    return raw[0]


def u16(raw):
    return struct.unpack("<H", raw)[0]


def u32(raw):
    return struct.unpack("<I", raw)[0]


def text(raw):
    return raw.split(b"\0", 1)[0].decode()


class TrainingThroughFitctl(unittest.TestCase):
    def setUp(self):
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="fitctl-training-"))
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.db = f"sqlite:{self.tmp}/fitkit.db"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("FITKIT_")}
        self.env.update(FITKIT_ARGON2="m=1024,t=1,p=1", HOME=str(self.tmp),
                        XDG_CONFIG_HOME=str(self.tmp / "config"))
        self.json_of("users", "create", "--email", ADMIN, "--password", PASSWORD, "--roles", "admin",
                     who="system")
        for email in (RUNNER, OTHER):
            self.json_of("users", "create", "--email", email, "--password", PASSWORD, who="system")

    def run_cli(self, *args, who):
        argv = [FITCTL, "--db", self.db, "--data-dir", str(self.tmp / "data"), "--as", who, *args]
        return subprocess.run(argv, capture_output=True, text=True, timeout=60, env=self.env)

    def json_of(self, *args, who):
        r = self.run_cli("--format", "json", *args, who=who)
        self.assertEqual(r.returncode, 0, f"{args}: {r.stderr}")
        return json.loads(r.stdout)

    def assert_exit(self, code, *args, who):
        r = self.run_cli(*args, who=who)
        self.assertEqual(r.returncode, code, f"{args}: stdout={r.stdout!r} stderr={r.stderr!r}")
        self.assertEqual(r.stdout, "")
        return r.stderr

    def test_import_a_csv_catalogue_as_admin(self):
        catalogue = self.tmp / "catalogue.csv"
        catalogue.write_text(CATALOGUE)
        # Not an admin: refused, and nothing imported.
        self.assert_exit(4, "exercises", "import", "--file", str(catalogue), who=RUNNER)
        result = self.json_of("exercises", "import", "--file", str(catalogue), who=ADMIN)
        self.assertEqual(result["created"], 2)
        self.assertEqual([e["name"] for e in result["exercises"]], ["Sled push", "Battle ropes"])
        self.assertEqual(result["exercises"][0]["muscle_groups"], ["quadriceps", "glutes"])
        # The library, with the starter set, for anyone.
        found = self.json_of("exercises", "list", "--equipment", "sled", who=RUNNER)["items"]
        self.assertEqual([e["name"] for e in found], ["Sled push"])
        everything = self.json_of("exercises", "list", "--all", "--limit", "20", who=RUNNER)["items"]
        self.assertEqual(len(everything), 55 + 2)
        # The same file again: its names exist; a bad row names its row; nothing changes.
        self.assertIn("row 2", self.assert_exit(6, "exercises", "import", "--file", str(catalogue), who=ADMIN))
        bad = self.tmp / "bad.csv"
        bad.write_text("name,category,muscle_groups\nRower sprint,cardio,full_body\nWing flap,cardio,wings\n")
        self.assertIn("row 3: muscle_groups", self.assert_exit(2, "exercises", "import", "--file", str(bad), who=ADMIN))
        self.assertEqual(self.json_of("exercises", "list", "--search", "rower sprint", who=RUNNER)["items"], [])

    def test_create_a_template_and_export_it_as_a_fit_workout(self):
        created = self.json_of("templates", "create", "--name", "4 x 1 km power", "--sport", "ride",
                               "--steps", json.dumps(STEPS), who=RUNNER)
        self.assertEqual(created["watch_steps"], 5)
        template_id = created["id"]
        out = self.tmp / "w.fit"
        r = self.run_cli("templates", "export", "--template-id", template_id, "--output", str(out), who=RUNNER)
        self.assertEqual(r.returncode, 0, r.stderr)
        data = out.read_bytes()
        messages = decode_fit(data)
        self.assertEqual([m[0] for m in messages], [0, 26, 27, 27, 27, 27, 27])
        file_id, workout, steps = messages[0][1], messages[1][1], [m[1] for m in messages[2:]]
        self.assertEqual(u8(file_id[0]), 5)      # file type: workout
        self.assertEqual(u16(file_id[1]), 255)   # manufacturer: development
        self.assertEqual(u8(workout[4]), 2)      # sport: cycling
        self.assertEqual(u16(workout[6]), 5)     # num_valid_steps
        self.assertEqual(text(workout[8]), "4 x 1 km power")
        self.assertEqual([u16(s[254]) for s in steps], [0, 1, 2, 3, 4])
        self.assertEqual(text(steps[0][0]), "Easy")
        self.assertEqual((u8(steps[0][1]), u32(steps[0][2])), (0, 600000))      # 600 s in ms
        self.assertEqual((u8(steps[0][3]), u32(steps[0][4])), (1, 2))           # heart-rate zone 2
        self.assertEqual((u8(steps[1][1]), u32(steps[1][2])), (1, 100000))      # 1 km in cm
        self.assertEqual((u32(steps[1][5]), u32(steps[1][6])), (1250, 1280))   # watts + 1000
        self.assertEqual(u8(steps[2][7]), 1)                                    # rest
        self.assertEqual((u8(steps[3][1]), u32(steps[3][2]), u32(steps[3][4])), (6, 1, 4))  # repeat 1.. x4
        self.assertEqual(u8(steps[4][1]), 5)                                    # open
        # The same through the JSON answer: the bytes, base64.
        answer = self.json_of("call", "templates.export", "--data", json.dumps({"template_id": template_id}),
                              who=RUNNER)
        self.assertEqual(answer["content_type"], "application/vnd.ant.fit")
        self.assertEqual(answer["file_name"], "4_x_1_km_power.fit")
        # Someone else's template does not exist for them; bad steps are a usage error.
        self.assert_exit(3, "templates", "export", "--template-id", template_id, "--output",
                         str(self.tmp / "x.fit"), who=OTHER)
        self.assertFalse((self.tmp / "x.fit").exists())
        bad = [{"type": "repeat", "count": 1, "steps": [{"type": "work"}]}]
        self.assertIn("steps[0].count", self.assert_exit(2, "templates", "create", "--name", "Bad", "--sport", "run",
                                                         "--steps", json.dumps(bad), who=RUNNER))
        self.assertEqual(len(self.json_of("templates", "list", who=RUNNER)["items"]), 1)


if __name__ == "__main__":
    unittest.main()
