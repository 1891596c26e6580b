#include "formats/fit_workout_writer.hpp"

#include <algorithm>
#include <string_view>

#include "fitkit/error.hpp"
#include "formats/fit_crc.hpp"

namespace fitkit::formats::fit {
namespace {

// Base types (the definition's base type byte), little-endian throughout.
constexpr std::uint8_t kEnum = 0x00, kString = 0x07, kUint16 = 0x84, kUint32 = 0x86, kUint32z = 0x8C;

// Protocol 1.0: the file uses nothing of 2.0, so that older devices read it too.
constexpr std::uint8_t kProtocolVersion = 0x10;
constexpr std::uint16_t kProfileVersion = 2132;  // 21.32
constexpr std::uint8_t kHeaderSize = 14;

constexpr std::uint8_t kLocalFileId = 0, kLocalWorkout = 1, kLocalStep = 2;

struct FieldDef {
  std::uint8_t number;
  std::uint8_t size;
  std::uint8_t base;
};

// At most `max` bytes of UTF-8, never cutting a character; text stops at a NUL.
std::string cut_utf8(std::string_view text, std::size_t max) {
  text = text.substr(0, text.find('\0'));
  if (text.size() <= max) return std::string(text);
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end));
}

class Encoder {
 public:
  void define(std::uint8_t local, std::uint16_t global, const std::vector<FieldDef>& fields) {
    data_ += static_cast<char>(0x40 | local);
    data_ += '\0';  // reserved
    data_ += '\0';  // little-endian
    u16(global);
    data_ += static_cast<char>(fields.size());
    for (const auto& f : fields) data_ += {static_cast<char>(f.number), static_cast<char>(f.size), static_cast<char>(f.base)};
  }
  void begin(std::uint8_t local) { data_ += static_cast<char>(local); }
  void u8(std::uint8_t v) { data_ += static_cast<char>(v); }
  void u16(std::uint16_t v) {
    for (int i = 0; i < 2; ++i) data_ += static_cast<char>((v >> (8 * i)) & 0xFF);
  }
  void u32(std::uint32_t v) {
    for (int i = 0; i < 4; ++i) data_ += static_cast<char>((v >> (8 * i)) & 0xFF);
  }
  // A string field of `size` bytes: the text, then NULs.
  void text(const std::string& s, std::uint8_t size) {
    data_ += s;
    data_.append(size - s.size(), '\0');
  }
  const std::string& data() const { return data_; }

 private:
  std::string data_;
};

constexpr std::uint8_t kInvalidEnum = 0xFF;
constexpr std::uint16_t kInvalidUint16 = 0xFFFF;
constexpr std::uint32_t kInvalidUint32 = 0xFFFFFFFF;

// Field sizes count the NUL; a string field is left out when no message has text for it.
std::uint8_t string_size(std::size_t longest) { return static_cast<std::uint8_t>(longest + 1); }

void check_steps(const WorkoutFileSpec& spec) {
  if (spec.steps.empty()) throw Error::invalid("steps", "a workout needs at least one step");
  if (spec.steps.size() > kMaxSteps)
    throw Error::invalid("steps", "a workout has at most " + std::to_string(kMaxSteps) + " steps");
  for (std::size_t i = 0; i < spec.steps.size(); ++i) {
    const auto& s = spec.steps[i];
    if (s.duration_type == Duration::repeat_until_steps_cmplt && (!s.duration_value || *s.duration_value >= i))
      throw Error::invalid("steps", "the repeat at step " + std::to_string(i) + " must point back to an earlier step");
  }
}

void write_file_id(Encoder& e, const WorkoutFileSpec& spec) {
  std::vector<FieldDef> fields{{0, 1, kEnum}, {1, 2, kUint16}, {2, 2, kUint16}, {4, 4, kUint32}};
  if (spec.serial_number != 0) fields.push_back({3, 4, kUint32z});
  e.define(kLocalFileId, mesg::file_id, fields);
  e.begin(kLocalFileId);
  e.u8(kFileTypeWorkout);
  e.u16(spec.manufacturer);
  e.u16(spec.product);
  e.u32(spec.time_created);
  if (spec.serial_number != 0) e.u32(spec.serial_number);
}

void write_workout(Encoder& e, const WorkoutFileSpec& spec) {
  const std::string name = cut_utf8(spec.name, kMaxNameBytes);
  std::vector<FieldDef> fields{{4, 1, kEnum}, {11, 1, kEnum}, {6, 2, kUint16}};
  if (!name.empty()) fields.push_back({8, string_size(name.size()), kString});
  e.define(kLocalWorkout, mesg::workout, fields);
  e.begin(kLocalWorkout);
  e.u8(spec.sport);
  e.u8(spec.sub_sport);
  e.u16(static_cast<std::uint16_t>(spec.steps.size()));
  if (!name.empty()) e.text(name, string_size(name.size()));
}

void write_steps(Encoder& e, const WorkoutFileSpec& spec) {
  std::vector<std::string> names, notes;
  std::size_t longest_name = 0, longest_notes = 0;
  bool weights = false;
  for (const auto& s : spec.steps) {
    names.push_back(cut_utf8(s.name, kMaxStepNameBytes));
    notes.push_back(cut_utf8(s.notes, kMaxNotesBytes));
    longest_name = std::max(longest_name, names.back().size());
    longest_notes = std::max(longest_notes, notes.back().size());
    weights = weights || s.exercise_weight.has_value();
  }
  // One definition for every step: a field any step uses is in all of them, invalid where unused.
  std::vector<FieldDef> fields{{254, 2, kUint16}, {1, 1, kEnum},   {2, 4, kUint32}, {3, 1, kEnum},
                               {4, 4, kUint32},   {5, 4, kUint32}, {6, 4, kUint32}, {7, 1, kEnum}};
  if (longest_name > 0) fields.push_back({0, string_size(longest_name), kString});
  if (longest_notes > 0) fields.push_back({8, string_size(longest_notes), kString});
  if (weights) {
    fields.push_back({12, 2, kUint16});
    fields.push_back({13, 1, kEnum});
  }
  e.define(kLocalStep, mesg::workout_step, fields);
  for (std::size_t i = 0; i < spec.steps.size(); ++i) {
    const auto& s = spec.steps[i];
    e.begin(kLocalStep);
    e.u16(static_cast<std::uint16_t>(i));
    e.u8(static_cast<std::uint8_t>(s.duration_type));
    e.u32(s.duration_value.value_or(kInvalidUint32));
    e.u8(s.target_type ? static_cast<std::uint8_t>(*s.target_type) : kInvalidEnum);
    e.u32(s.target_value.value_or(kInvalidUint32));
    e.u32(s.custom_target_low.value_or(kInvalidUint32));
    e.u32(s.custom_target_high.value_or(kInvalidUint32));
    e.u8(s.intensity ? static_cast<std::uint8_t>(*s.intensity) : kInvalidEnum);
    if (longest_name > 0) e.text(names[i], string_size(longest_name));
    if (longest_notes > 0) e.text(notes[i], string_size(longest_notes));
    if (weights) {
      e.u16(s.exercise_weight.value_or(kInvalidUint16));
      e.u8(s.exercise_weight ? kWeightUnitKilogram : kInvalidEnum);
    }
  }
}

void put_crc(std::string& out) {
  const std::uint16_t crc = crc16(0, reinterpret_cast<const unsigned char*>(out.data()), out.size());
  out += static_cast<char>(crc & 0xFF);
  out += static_cast<char>(crc >> 8);
}

}  // namespace

std::string write_workout_file(const WorkoutFileSpec& spec) {
  check_steps(spec);
  Encoder e;
  write_file_id(e, spec);
  write_workout(e, spec);
  write_steps(e, spec);
  const std::string& data = e.data();

  std::string out;
  out.reserve(kHeaderSize + data.size() + 2);
  out += static_cast<char>(kHeaderSize);
  out += static_cast<char>(kProtocolVersion);
  out += static_cast<char>(kProfileVersion & 0xFF);
  out += static_cast<char>(kProfileVersion >> 8);
  const auto size = static_cast<std::uint32_t>(data.size());
  for (int i = 0; i < 4; ++i) out += static_cast<char>((size >> (8 * i)) & 0xFF);
  out += ".FIT";
  put_crc(out);  // the header's CRC, over its first 12 bytes
  out += data;
  put_crc(out);  // the file's, over the header and the data
  return out;
}

std::uint32_t fit_time(std::int64_t epoch_ms) noexcept {
  const std::int64_t seconds = epoch_ms / 1000 - kEpochOffsetSeconds;
  if (seconds <= 0) return 0;
  return seconds > 0xFFFFFFF0ll ? 0xFFFFFFF0u : static_cast<std::uint32_t>(seconds);
}

}  // namespace fitkit::formats::fit
