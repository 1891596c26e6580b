// Live events: what a user's open WebSockets receive the moment a change commits, carried by
// the publish/subscribe port so that every `fitctl serve` on the same database delivers them.
// A topic is a publish/subscribe channel; its messages are JSON envelopes {"type":…,"data":…}
// that the transport forwards as they are. See docs/websocket.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/runtime.hpp"

namespace fitkit::notify {

// The topic of everything addressed to one user: "user:usr_…" (the public id in lower case,
// as channel names are).
std::string user_topic(std::int64_t user_id);

// An in-app notification as it was just written (a new row, or a digest raised).
struct LiveNotification {
  std::int64_t id = 0;
  std::string type;
  std::string title;
  std::string body;
  std::string data_json = "{}";
  std::int64_t count = 1;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

// {"type":"notification","data":{…}}, the fields of notifications.list; a notification too big
// for one message goes without title, body and data, with "truncated": true.
std::string notification_envelope(const LiveNotification& n);

// The process's publish/subscribe port on the platform's database, opened on first use.
storage::PubSub& live_pubsub(Runtime& rt);

// Publishes `envelope` on `topic` once `c`'s transaction commits, never if it rolls back.
// Best effort: a failure to publish is dropped (the notification is in its table anyway).
void publish_after_commit(Runtime& rt, storage::Connection& c, std::string topic, std::string envelope);

}  // namespace fitkit::notify
