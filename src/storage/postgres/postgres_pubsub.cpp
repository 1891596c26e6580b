// The publish/subscribe port on PostgreSQL: LISTEN/NOTIFY. One connection listens and a thread
// of ours waits on its socket (and on an eventfd that wakes it for (un)subscribe and shutdown),
// reads the notifications and hands them to the subscribers; a second connection publishes with
// pg_notify(). A listening connection that drops is opened again, with growing pauses, and
// LISTENs again on every channel; what was published in between is lost, which is the contract
// of live fan-out (durable data lives in tables).
#include <libpq-fe.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <set>
#include <thread>

#include "fitkit/error.hpp"
#include "storage/postgres/postgres_text.hpp"
#include "storage/pubsub_fanout.hpp"

namespace fitkit::storage {
namespace {

using Clock = std::chrono::steady_clock;

// How the two connections show in pg_stat_activity, unless the URL names an application_name.
constexpr const char* kListenerName = "fitkit pubsub listener";
constexpr const char* kPublisherName = "fitkit pubsub publisher";
constexpr auto kConnectTimeout = std::chrono::seconds(10);  // ours: libpq's applies to blocking connects only
constexpr std::chrono::milliseconds kFirstPause{50}, kLongestPause{5000};
constexpr auto kListenTimeout = std::chrono::seconds(30);  // for subscribe() to see its LISTEN done

struct ConnDeleter {
  void operator()(PGconn* c) const { PQfinish(c); }
};
using Conn = std::unique_ptr<PGconn, ConnDeleter>;
struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

// The reason a call on `conn` failed, with any password taken out.
std::string error_text(const PGconn* conn, const PGresult* res, const std::string& password) {
  const char* primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string msg = primary ? primary : conn ? PQerrorMessage(conn) : "out of memory";
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  if (!password.empty())
    for (auto at = msg.find(password); at != std::string::npos; at = msg.find(password))
      msg.replace(at, password.size(), "***");
  return msg;
}

class PgPubSub final : public PubSub {
 public:
  explicit PgPubSub(const std::string& url)
      : parsed_(parse_url(url)), masked_(mask_postgres_password(url)), fanout_(std::make_shared<Fanout>()) {
    wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (wake_fd_ < 0) throw Error::internal("cannot create an eventfd for the notification listener");
    std::string error;
    listener_ = connect(kListenerName, true, error);
    if (listener_) publisher_ = connect(kPublisherName, false, error);
    if (!listener_ || !publisher_) {
      ::close(wake_fd_);
      throw Error::unavailable("cannot connect to " + masked_ + ": " + error);
    }
    thread_ = std::thread([this] { run(); });
    fanout_->set_delivery_thread(thread_.get_id());
    fanout_->set_on_channel_emptied([fd = wake_fd_] { wake(fd); });  // UNLISTEN when nobody is left
  }

  ~PgPubSub() override {
    fanout_->set_on_channel_emptied({});  // subscriptions may outlive us: no more writes to wake_fd_
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    wake(wake_fd_);
    thread_.join();
    listener_.reset();
    ::close(wake_fd_);
  }

  void publish(std::string_view channel, std::string_view payload) override {
    check_channel(channel);
    check_payload(payload);
    const std::string values[2] = {std::string(channel), std::string(payload)};  // libpq wants NUL ends
    const char* params[2] = {values[0].c_str(), values[1].c_str()};
    std::lock_guard lock(publish_mu_);
    if (publisher_) notice_if_closed(publisher_.get());
    if (!publisher_ || PQstatus(publisher_.get()) != CONNECTION_OK) {
      std::string error;
      publisher_ = connect(kPublisherName, false, error);
      if (!publisher_) throw Error::unavailable("cannot connect to " + masked_ + ": " + error);
    }
    // Outside a transaction, so the notification goes out at once.
    const Result res(PQexecParams(publisher_.get(), "SELECT pg_notify($1, $2)", 2, nullptr, params, nullptr,
                                  nullptr, 0));
    if (PQresultStatus(res.get()) == PGRES_TUPLES_OK) return;
    const std::string msg = error_text(publisher_.get(), res.get(), parsed_.password);
    const char* state = PQresultErrorField(res.get(), PG_DIAG_SQLSTATE);
    const std::string_view code = state ? state : "";
    // Not resent: the server may have taken it before the connection broke, and a message
    // delivered twice is no better than one lost. The next publish connects afresh.
    if (PQstatus(publisher_.get()) != CONNECTION_OK || code.empty() || code.starts_with("08") ||
        code.starts_with("53") || code.starts_with("57P"))
      throw Error::unavailable("cannot publish to " + masked_ + ": " + msg);
    if (code == "54000")  // program_limit_exceeded: the server's notification queue is full
      throw Error::unavailable("cannot publish: " + msg + "; the listeners are not keeping up");
    throw Error::internal("cannot publish: database error " + std::string(code) + ": " + msg);
  }

  std::unique_ptr<Subscription> subscribe(std::string_view channel, MessageHandler on_message) override {
    check_channel(channel);
    if (!on_message) throw Error::invalid("on_message", "a subscription needs a handler");
    auto subscription = fanout_->add(channel, std::move(on_message));
    // From a handler, the listening thread is ours: LISTEN right here.
    if (std::this_thread::get_id() == thread_.get_id()) {
      reconcile();
      return subscription;
    }
    // Otherwise wait until the thread has LISTENed, so that whatever is published after we
    // return reaches the subscriber. Even when the channel was listened to already: its first
    // subscriber may still be waiting for that LISTEN.
    std::unique_lock lock(mu_);
    const std::uint64_t ticket = ++requested_;
    wake(wake_fd_);
    if (!listened_cv_.wait_for(lock, kListenTimeout, [&] { return applied_ >= ticket; })) {
      lock.unlock();
      subscription.reset();
      throw Error::unavailable("the database " + masked_ + " did not confirm LISTEN in time");
    }
    return subscription;
  }

 private:
  static void wake(int fd) {
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto n = ::write(fd, &one, sizeof one);  // a full counter is awake anyway
  }

  void drain_wakes() {
    std::uint64_t count = 0;
    [[maybe_unused]] const auto n = ::read(wake_fd_, &count, sizeof count);
  }

  // A server that restarted, or ended the session, while the connection was idle has sent a
  // last message and closed it: read that much without blocking, so that PQstatus tells, before
  // anything is sent on it. The second read is the one that meets the end of the stream.
  static void notice_if_closed(PGconn* conn) {
    for (int reads = 0; reads < 4 && PQstatus(conn) == CONNECTION_OK; ++reads) {
      pollfd fd{PQsocket(conn), POLLIN, 0};
      if (::poll(&fd, 1, 0) <= 0 || !PQconsumeInput(conn)) return;
    }
  }

  bool stopping() {
    std::lock_guard lock(mu_);
    return stop_;
  }

  // Tells waiting subscribers that every request up to `ticket` has been carried out.
  void acknowledge(std::uint64_t ticket) {
    {
      std::lock_guard lock(mu_);
      applied_ = std::max(applied_, ticket);
    }
    listened_cv_.notify_all();
  }

  std::uint64_t requested() {
    std::lock_guard lock(mu_);
    return requested_;
  }

  // Connects without blocking: `interruptible` (the listening thread) gives up when the
  // PubSub is being destroyed. Returns null with `error` set on failure.
  Conn connect(const char* application_name, bool interruptible, std::string& error) {
    // Defaults that the URL may override (keepalives notice a peer that vanished while we wait
    // in poll), the URL, then what the adapter needs.
    const char* keys[] = {"keepalives_idle", "keepalives_interval", "keepalives_count", "dbname",
                          "fallback_application_name", "client_encoding", nullptr};
    const char* values[] = {"30", "10", "3", parsed_.conninfo.c_str(), application_name, "UTF8", nullptr};
    Conn conn(PQconnectStartParams(keys, values, 1));
    if (!conn || PQstatus(conn.get()) == CONNECTION_BAD) {
      error = error_text(conn.get(), nullptr, parsed_.password);
      return nullptr;
    }
    const auto deadline = Clock::now() + kConnectTimeout;
    for (auto status = PGRES_POLLING_WRITING; status != PGRES_POLLING_OK;) {
      if (status == PGRES_POLLING_FAILED) {
        error = error_text(conn.get(), nullptr, parsed_.password);
        return nullptr;
      }
      const short want = status == PGRES_POLLING_READING ? POLLIN : POLLOUT;
      pollfd fds[2] = {{PQsocket(conn.get()), want, 0}, {wake_fd_, POLLIN, 0}};
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      const int ready = ::poll(fds, interruptible ? 2 : 1, static_cast<int>(std::max<long>(left.count(), 0)));
      if (ready < 0 && errno != EINTR) {
        error = "poll failed while connecting";
        return nullptr;
      }
      if (ready == 0) {
        error = "no answer within " + std::to_string(kConnectTimeout.count()) + " seconds";
        return nullptr;
      }
      if (interruptible && fds[1].revents) {
        drain_wakes();  // a subscriber's request: handled once connected
        if (stopping()) {
          error = "shutting down";
          return nullptr;
        }
      }
      if (fds[0].revents) status = PQconnectPoll(conn.get());
    }
    PQsetNoticeProcessor(conn.get(), [](void*, const char*) {}, nullptr);  // keep stderr clean
    return conn;
  }

  // The listening thread: keeps a connection, LISTENs as the subscribers ask, delivers.
  void run() {
    auto pause = kFirstPause;
    while (!stopping()) {
      if (!listener_) {
        acknowledge(requested());  // nothing to wait for while there is no server: LISTEN comes later
        std::string error;
        listener_ = connect(kListenerName, true, error);
      }
      if (!reconcile()) {  // no connection, or it failed: try again after a growing pause
        wait_before_retry(pause);
        pause = std::min(pause * 2, kLongestPause);
        continue;
      }
      pause = kFirstPause;
      deliver_pending();
      if (!listener_) continue;
      pollfd fds[2] = {{PQsocket(listener_.get()), POLLIN, 0}, {wake_fd_, POLLIN, 0}};
      if (::poll(fds, 2, -1) < 0 && errno != EINTR) drop_listener();
      if (fds[1].revents) drain_wakes();
      if (listener_ && fds[0].revents &&
          (!PQconsumeInput(listener_.get()) || PQstatus(listener_.get()) != CONNECTION_OK))
        drop_listener();  // terminated, or the server went away: connect again
    }
  }

  // Waits `pause` before connecting again, answering subscribers meanwhile; returns early on stop.
  void wait_before_retry(std::chrono::milliseconds pause) {
    const auto until = Clock::now() + pause;
    while (!stopping()) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
      if (left.count() <= 0) return;
      pollfd fd{wake_fd_, POLLIN, 0};
      if (::poll(&fd, 1, static_cast<int>(left.count())) > 0) {
        drain_wakes();
        acknowledge(requested());
      }
    }
  }

  void drop_listener() {
    listener_.reset();
    listened_.clear();
  }

  // Brings the LISTENed channels in line with the subscribed ones; false if the connection failed.
  bool reconcile() {
    if (!listener_) return false;
    const std::uint64_t ticket = requested();  // read first: the channels below include its subscriber
    const std::vector<std::string> wanted = fanout_->channels();
    for (const auto& channel : wanted)
      if (!listened_.contains(channel)) {
        if (!command("LISTEN ", channel)) return false;
        listened_.insert(channel);
      }
    for (auto it = listened_.begin(); it != listened_.end();) {
      if (std::binary_search(wanted.begin(), wanted.end(), *it)) {
        ++it;
        continue;
      }
      if (!command("UNLISTEN ", *it)) return false;
      it = listened_.erase(it);
    }
    acknowledge(ticket);
    return true;
  }

  // Runs LISTEN or UNLISTEN on a channel (checked by check_channel, and quoted all the same).
  bool command(const char* verb, const std::string& channel) {
    char* quoted = PQescapeIdentifier(listener_.get(), channel.data(), channel.size());
    if (!quoted) {
      drop_listener();
      return false;
    }
    const std::string sql = verb + std::string(quoted);
    PQfreemem(quoted);
    const Result res(PQexec(listener_.get(), sql.c_str()));
    if (PQresultStatus(res.get()) == PGRES_COMMAND_OK) return true;
    drop_listener();  // a fresh connection LISTENs on everything again, after a pause
    return false;
  }

  // Hands out the notifications libpq has read. A handler may subscribe (and so LISTEN, or even
  // lose the connection) in between: hence the check on each turn.
  void deliver_pending() {
    while (listener_) {
      PGnotify* note = PQnotifies(listener_.get());
      if (!note) return;
      const std::string channel = note->relname, payload = note->extra;
      PQfreemem(note);
      fanout_->deliver(channel, payload);
    }
  }

  const ParsedUrl parsed_;
  const std::string masked_;
  const std::shared_ptr<Fanout> fanout_;
  int wake_fd_ = -1;

  std::mutex publish_mu_;
  Conn publisher_;  // under publish_mu_

  std::mutex mu_;
  std::condition_variable listened_cv_;
  std::uint64_t requested_ = 0, applied_ = 0;  // subscribe() tickets asked for and carried out
  bool stop_ = false;

  Conn listener_;  // only the listening thread uses it once that runs
  std::set<std::string> listened_;
  std::thread thread_;
};

}  // namespace

std::unique_ptr<PubSub> open_postgres_pubsub(const std::string& url) {
  return std::make_unique<PgPubSub>(url);
}

}  // namespace fitkit::storage
