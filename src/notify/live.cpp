#include "notify/live.hpp"

#include <cctype>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "core/time_format.hpp"
#include "fitkit/error.hpp"
#include "fitkit/id.hpp"

namespace fitkit::notify {

namespace {

using Json = nlohmann::ordered_json;

Json time_or_null(std::int64_t ms) { return ms ? Json(format_utc(ms)) : Json(nullptr); }

}  // namespace

std::string user_topic(std::int64_t user_id) {
  std::string topic = "user:" + format_id(IdKind::user, user_id);
  for (char& ch : topic) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return topic;
}

std::string notification_envelope(const LiveNotification& n) {
  Json data{{"id", format_id(IdKind::notification, n.id)},
            {"type", n.type},
            {"title", n.title},
            {"body", n.body},
            {"count", n.count},
            {"read", false},
            {"created_at", time_or_null(n.created_at)},
            {"updated_at", time_or_null(n.updated_at)},
            {"data", Json::parse(n.data_json, nullptr, false)}};
  if (data["data"].is_discarded()) data["data"] = nullptr;
  Json envelope{{"type", "notification"}, {"data", std::move(data)}};
  std::string text = envelope.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() <= storage::kMaxPayloadBytes) return text;
  // Too big for one message: enough for the client to fetch it from /v1/notifications.
  auto& d = envelope["data"];
  d.erase("title");
  d.erase("body");
  d.erase("data");
  d["truncated"] = true;
  return envelope.dump(-1, ' ', false, Json::error_handler_t::replace);
}

storage::PubSub& live_pubsub(Runtime& rt) {
  std::call_once(rt.pubsub_opened, [&] { rt.pubsub = storage::open_pubsub(rt.options.database_url); });
  return *rt.pubsub;
}

void publish_after_commit(Runtime& rt, storage::Connection& c, std::string topic, std::string envelope) {
  c.after_commit([&rt, topic = std::move(topic), envelope = std::move(envelope)] {
    try {
      live_pubsub(rt).publish(topic, envelope);
    } catch (const std::exception& e) {
      // The change is committed and stays readable; only its live delivery is lost.
      std::fprintf(stderr, "fitkit: live event on %s not sent: %s\n", topic.c_str(), e.what());
    }
  });
}

}  // namespace fitkit::notify
