// The publish/subscribe port: live fan-out of short text messages to every subscriber of a
// channel, across the processes that share one database. PostgreSQL carries them with
// LISTEN/NOTIFY; SQLite, whose database has no such thing, with a bus inside this process.
// Delivery is at most once and only to those subscribed at the time: durable data belongs
// in tables (and the outbox), not here. See docs/pubsub.md.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string_view>

#include "fitkit/error.hpp"

namespace fitkit::storage {

// Channel names: 1 to 63 bytes of a-z 0-9 _ . : - (63 is PostgreSQL's identifier limit).
inline constexpr std::size_t kMaxChannelBytes = 63;
// Payloads: UTF-8 text without NUL, at most this many bytes (PostgreSQL's NOTIFY takes < 8000).
inline constexpr std::size_t kMaxPayloadBytes = 7900;

// Called with each message of the channel, on the PubSub's delivery thread: one thread per
// PubSub (per bus for SQLite), so callbacks never run concurrently with each other and must not
// block for long, or every other subscriber waits. An exception escaping it is dropped.
using MessageHandler = std::function<void(std::string_view payload)>;

// A live subscription; destroying it unsubscribes. Once the destructor has returned, its
// handler is never called again: if the handler is running on the delivery thread at that
// moment, the destructor waits for it to return (so do not destroy a subscription while holding
// a lock that its handler takes). Destroying it from inside a handler is allowed. It may
// outlive its PubSub, and then simply receives nothing.
class Subscription {
 public:
  virtual ~Subscription() = default;
  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;

 protected:
  Subscription() = default;
};

class PubSub {
 public:
  virtual ~PubSub() = default;

  // Sends `payload` to every current subscriber of `channel`, in this process and in every
  // other one on the same database, this PubSub's own subscribers included. Messages of one
  // publisher on one channel arrive in the order published. Throws Error::invalid("channel"
  // or "payload") for a bad name or payload (nothing is sent), Error::unavailable when the
  // database cannot be reached or its queue is full.
  virtual void publish(std::string_view channel, std::string_view payload) = 0;

  // Calls `on_message` with every message published on `channel` from the moment this returns
  // until the subscription is destroyed. Throws Error::invalid("channel") for a bad name.
  virtual std::unique_ptr<Subscription> subscribe(std::string_view channel, MessageHandler on_message) = 0;

 protected:
  PubSub() = default;
};

// "postgresql://…" or "postgres://…": LISTEN/NOTIFY on that database, over two connections of
// its own (one listens, one publishes); throws Error::unavailable when it cannot connect.
// "sqlite:PATH": the in-process bus shared by every PubSub opened for that file in this process.
// "sqlite::memory:": a bus private to the returned PubSub. Other URLs: Error::invalid("db").
// Destroy a PubSub outside its own handlers.
std::unique_ptr<PubSub> open_pubsub(std::string_view database_url);

}  // namespace fitkit::storage
