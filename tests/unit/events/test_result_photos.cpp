// Photos with an event's results: added by organizers once under way, of one participant if
// tagged, seen by whoever sees the event, untagged by the participant they show.
#include "core/crypto.hpp"
#include "unit/events/registration_world.hpp"

using namespace fitkit;
using namespace fitkit::test;
using namespace std::string_literals;

namespace {

const std::string kJpeg = "\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0"s;
const std::string kPng = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0"s;

// Ann's race under way with two runners; registration ids in `regs`.
struct PhotoWorld : RegistrationWorld {
  Made m;
  std::vector<std::string> regs;

  explicit PhotoWorld(const Json& event_extra = Json::object()) : RegistrationWorld(3) {
    m = open_event(event_extra);
    const Json token{{"link_token", t.call("events.get", ann, {{"event_id", m.event_id}})["link_token"]}};
    for (int i = 0; i < 2; ++i) regs.push_back(enrol(people[i], m, token)["id"]);
    t.call("events.status.set", ann, {{"event_id", m.event_id}, {"status", "in_progress"}});
  }

  Json add(const std::string& bytes, const Json& extra = Json::object()) {
    Json p{{"event_id", m.event_id}, {"file", crypto::base64_encode(bytes)}};
    p.update(extra);
    return t.call("events.results.photos.add", ann, p);
  }

  Json list(const Json& extra = Json::object(), const Actor& as = Actor::anonymous()) {
    Json p{{"event_id", m.event_id}};
    p.update(extra);
    return t.call("events.results.photos.list", as, p);
  }
};

std::vector<std::string> ids_of(const Json& page) {
  std::vector<std::string> out;
  for (const auto& p : page["items"]) out.push_back(p["id"]);
  return out;
}

}  // namespace

TEST_CASE("result photos: added, listed newest first, tagged, read back and removed") {
  PhotoWorld w;
  const auto finish = w.add(kJpeg, {{"caption", "  The finish line  "}});
  CHECK(finish["content_type"] == "image/jpeg");
  CHECK(finish["caption"] == "The finish line");
  CHECK(finish["registration_id"].is_null());
  CHECK(finish["size_bytes"] == kJpeg.size());
  const std::string finish_id = finish["id"];
  CHECK(finish["file_path"] == "/v1/result-photos/" + finish_id + "/file");
  const auto runner = w.add(kPng, {{"registration_id", w.regs[1]}});
  CHECK(runner["content_type"] == "image/png");
  CHECK(runner["registration_id"] == w.regs[1]);
  CHECK(runner["caption"].is_null());

  CHECK(ids_of(w.list()) == std::vector<std::string>{runner["id"], finish_id});
  CHECK(ids_of(w.list({{"registration_id", w.regs[1]}})) == std::vector<std::string>{runner["id"]});
  CHECK(w.list({{"registration_id", w.regs[0]}})["items"].empty());
  const auto first = w.list({{"limit", 1}});
  CHECK(ids_of(w.list({{"limit", 1}, {"cursor", first["next_cursor"]}})) == std::vector<std::string>{finish_id});

  const auto file = w.t.call("events.results.photos.get", Actor::anonymous(), {{"photo_id", finish_id}});
  CHECK(file["content_type"] == "image/jpeg");
  CHECK(crypto::base64_decode(file["content_base64"].get<std::string>()).value_or("") == kJpeg);

  // The participant it shows takes the tag off; the photo stays.
  CHECK(error_of([&] { w.t.call("events.results.photos.untag", w.people[0], {{"photo_id", runner["id"]}}); }) ==
        ErrorCode::permission_denied);
  CHECK(w.t.call("events.results.photos.untag", w.people[1], {{"photo_id", runner["id"]}})["registration_id"]
            .is_null());
  CHECK(error_of([&] { w.t.call("events.results.photos.untag", w.people[1], {{"photo_id", runner["id"]}}); }) ==
        ErrorCode::failed_precondition);
  CHECK(w.list({{"registration_id", w.regs[1]}})["items"].empty());

  // Only organizers remove; then it is gone, bytes and all.
  CHECK(error_of([&] { w.t.call("events.results.photos.remove", w.people[0], {{"photo_id", finish_id}}); }) ==
        ErrorCode::permission_denied);
  w.t.call("events.results.photos.remove", w.ann, {{"photo_id", finish_id}});
  CHECK(ids_of(w.list()) == std::vector<std::string>{runner["id"]});
  CHECK(error_of([&] { w.t.call("events.results.photos.get", w.ann, {{"photo_id", finish_id}}); }) ==
        ErrorCode::not_found);
  CHECK(error_of([&] { w.t.call("events.results.photos.remove", w.ann, {{"photo_id", finish_id}}); }) ==
        ErrorCode::not_found);
}

TEST_CASE("result photos: bad input is refused and changes nothing") {
  PhotoWorld w;
  const auto field_of = [&](const std::string& bytes, const Json& extra) {
    return failure_of([&] { w.add(bytes, extra); })->field();
  };
  CHECK(field_of("GIF89a\x01\0\x01\0"s, Json::object()) == "file");              // no picture of a race
  CHECK(field_of("%PDF-1.7\n"s, Json::object()) == "file");
  CHECK(field_of(kJpeg, {{"caption", std::string(501, 'x')}}) == "caption");
  CHECK(field_of(kJpeg, {{"caption", "bell\x07"}}) == "caption");
  CHECK(field_of(kJpeg, {{"registration_id", "reg_999999"}}) == "registration_id");
  // A runner of another event is no participant of this one.
  const auto other = w.open_event();
  const std::string stranger = w.enrol(w.people[2], other)["id"];
  CHECK(field_of(kJpeg, {{"registration_id", stranger}}) == "registration_id");
  CHECK(w.list()["items"].empty());

  // Not before the event is under way.
  const Json early{{"event_id", other.event_id}, {"file", crypto::base64_encode(kJpeg)}};
  CHECK(error_of([&] { w.t.call("events.results.photos.add", w.ann, early); }) == ErrorCode::failed_precondition);
  // Someone removed from the race is no longer tagged.
  w.t.call("events.participants.remove", w.ann, {{"registration_id", w.regs[0]}, {"reason", "no bib"}});
  CHECK(error_of([&] { w.add(kJpeg, {{"registration_id", w.regs[0]}}); }) == ErrorCode::failed_precondition);
  CHECK(w.list()["items"].empty());
}

TEST_CASE("result photos: an unlisted event's photos need its link") {
  PhotoWorld w(Json{{"visibility", "unlisted"}});
  const std::string token = w.t.call("events.get", w.ann, {{"event_id", w.m.event_id}})["link_token"];
  const std::string id = w.add(kJpeg)["id"];
  CHECK(error_of([&] { w.list(); }) == ErrorCode::not_found);
  CHECK(w.list({{"link_token", token}})["items"].size() == 1);
  CHECK(error_of([&] { w.t.call("events.results.photos.get", w.people[2], {{"photo_id", id}}); }) ==
        ErrorCode::not_found);
  CHECK(w.t.call("events.results.photos.get", w.people[2], {{"photo_id", id}, {"link_token", token}})["content_type"] ==
        "image/jpeg");
  // Refused word for word as a photo that does not exist.
  const auto refusal = [&](const std::string& photo) {
    return std::string(failure_of([&] {
                         w.t.call("events.results.photos.remove", w.people[2], {{"photo_id", photo}});
                       })->what());
  };
  CHECK(refusal(id) == refusal(format_id(IdKind::result_photo, 424242)));
}
