#include "http/websocket_session.hpp"

#include <algorithm>
#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "fitkit/error.hpp"
#include "fitkit/platform.hpp"
#include "http/shared_write_socket.hpp"
#include "notify/live.hpp"

namespace fitkit::http {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
namespace net = boost::asio;

namespace {

using std::chrono::milliseconds;

constexpr milliseconds kStopGrace{2000};
constexpr std::size_t kReadPiece = 16 * 1024;

using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// What a session needs of the stream under the WebSocket, plain or TLS.
net::ip::tcp::socket& tcp_socket(SharedWriteSocket& s) { return s.socket(); }
net::ip::tcp::socket& tcp_socket(TlsStream& s) { return beast::get_lowest_layer(s).socket(); }
void no_stream_timeout(SharedWriteSocket&) {}  // a bare socket has none
void no_stream_timeout(TlsStream& s) { beast::get_lowest_layer(s).expires_never(); }
void close_transport(SharedWriteSocket& s) { s.close(); }
void close_transport(TlsStream& s) {
  beast::error_code ignored;
  beast::get_lowest_layer(s).socket().close(ignored);
}

// NextLayer: SharedWriteSocket (plain), whose frames go out straight from offer(), or TlsStream,
// whose messages wait in the session's queue for the stream's async_write (it encrypts them).
template <class NextLayer>
class WsSession final : public OpenConnection,
                        public LiveSubscriber,
                        public std::enable_shared_from_this<WsSession<NextLayer>> {
  static constexpr bool kPlain = std::is_same_v<NextLayer, SharedWriteSocket>;

 public:
  template <class Transport>
  WsSession(Transport&& transport, ConnectionHub& hub, std::optional<WsIdentity> identity)
      : ws_(std::forward<Transport>(transport)),
        hub_(hub),
        options_(hub.options),
        timer_(ws_.get_executor()),
        bucket_(options_.ws_messages_per_second, options_.ws_message_burst),
        identity_(std::move(identity)) {}

  ~WsSession() override {
    if (subscribed_) hub_.topics.unsubscribe(this);
    if (registered_) hub_.remove(this);
  }

  void start(UpgradeRequest request, HeaderFields extra_headers) {
    request_ = std::move(request);
    beast::error_code ec;
    if constexpr (kPlain) ws_.next_layer().set_owner(this->weak_from_this());
    const auto peer = tcp_socket(ws_.next_layer()).remote_endpoint(ec);
    if (!ec) client_.ip = peer.address().to_string();
    client_.user_agent = std::string(request_[beast::http::field::user_agent]);
    hub_.add(this, this->weak_from_this());
    registered_ = true;
    if (hub_.stopping.load(std::memory_order_relaxed)) return finish();
    no_stream_timeout(ws_.next_layer());  // the WebSocket keeps its own timeouts from here
    websocket::stream_base::timeout timeouts;
    timeouts.handshake_timeout = milliseconds(options_.request_timeout_ms);
    // Beast pings every half of this and closes when a ping has gone unanswered for as long.
    timeouts.idle_timeout = milliseconds(2 * options_.ws_ping_interval_ms);
    timeouts.keep_alive_pings = true;
    ws_.set_option(timeouts);
    // The size cap is ours (on_read), so that a message too big gets a close handshake rather
    // than Beast's teardown, which leaves the rest unread and resets the connection.
    ws_.read_message_max(0);
    ws_.text(true);
    ws_.set_option(websocket::stream_base::decorator(
        [headers = std::move(extra_headers)](websocket::response_type& res) {
          for (const auto& [name, value] : headers) res.set(name, value);
        }));
    ws_.async_accept(request_, beast::bind_front_handler(&WsSession::on_accept, this->shared_from_this()));
  }

  net::any_io_executor executor() override { return ws_.get_executor(); }

  void stop() override {
    if (!accepted_) return abort();
    close_with(websocket::close_code::going_away, "the server is stopping");
    // A peer that does not answer the close frame does not hold up the stop for long.
    timer_.expires_after(kStopGrace);
    timer_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
      if (!ec) self->abort();
    });
  }

  // From the delivery thread (and from the strand for our own answers).
  bool offer(const std::shared_ptr<const LiveMessage>& message) override {
    std::unique_lock lock(out_mu_);
    if (closing_out_) return false;
    if constexpr (kPlain) {
      // Under out_mu_, so that no frame follows the close frame that leave() allows.
      if (ws_.next_layer().write_now(message->frame, options_.ws_max_queued_bytes)) return true;
      closing_out_ = true;  // too far behind, or the socket is gone
      lock.unlock();
      net::post(ws_.get_executor(), [self = this->shared_from_this()] { self->abort(); });
      return false;
    }
    if (queued_bytes_ + message->text.size() > options_.ws_max_queued_bytes) {
      // Too far behind: waiting for it would hold up everybody else.
      closing_out_ = true;
      lock.unlock();
      net::post(ws_.get_executor(), [self = this->shared_from_this()] { self->abort(); });
      return false;
    }
    queue_.push_back(message);
    queued_bytes_ += message->text.size();
    if (writing_) return true;
    writing_ = true;
    lock.unlock();
    net::post(ws_.get_executor(), [self = this->shared_from_this()] { self->write_next(); });
    return true;
  }

 private:
  void on_accept(beast::error_code ec) {
    request_ = {};
    if (ec) return finish();
    accepted_ = true;
    if (hub_.stopping.load(std::memory_order_relaxed)) return stop();
    if (identity_) {
      begin();
    } else {
      // A browser signs in with its first message.
      timer_.expires_after(milliseconds(options_.ws_auth_timeout_ms));
      timer_.async_wait(beast::bind_front_handler(&WsSession::on_timer, this->shared_from_this()));
    }
    read();
  }

  // Signed in: subscribe to the user's topic and say so.
  void begin() {
    topics_ = {notify::user_topic(identity_->actor.user_id)};
    subscribed_ = true;  // also after a failure half-way: leave() then undoes what was done
    try {
      for (const auto& topic : topics_) hub_.topics.subscribe(topic, this->shared_from_this());
    } catch (const std::exception&) {
      return close_with(websocket::close_code::try_again_later, "live events are unavailable; try again later");
    }
    send(ready_envelope(*identity_, topics_));
    schedule_check();
  }

  // Reads in pieces, to stop a message as soon as it passes the size cap; also while closing,
  // discarding, until the peer's close frame ends the read.
  void read() {
    ws_.async_read_some(in_, kReadPiece, beast::bind_front_handler(&WsSession::on_read, this->shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec) return finish();  // closed by the peer or by us, a timeout, a protocol error
    if (closing_) {
      in_.clear();
      return read();
    }
    if (in_.size() > options_.ws_max_message_bytes) {
      in_.clear();
      close_with(websocket::close_code::too_big, "the message is too big");
      return read();
    }
    if (!ws_.is_message_done()) return read();
    const bool text = ws_.got_text();
    const std::string message = beast::buffers_to_string(in_.data());
    in_.clear();
    if (!bucket_.take())
      close_with(websocket::close_code::policy_error, "too many messages");
    else if (!text)
      close_with(websocket::close_code::unknown_data, "send text messages of JSON");
    else
      handle(message);
    read();
  }

  void handle(const std::string& text) {
    const InboundMessage m = parse_inbound(text);
    if (!identity_ && (!m.error.empty() || m.type != "auth"))
      return close_with(kCloseUnauthenticated, "first send {\"type\":\"auth\",\"token\":\"ACCESS_TOKEN\"}");
    if (!m.error.empty()) return send(error_envelope("invalid_argument", m.error));
    if (m.type == "auth") return sign_in(m.token);
    if (m.type == "ping") return send(R"({"type":"pong"})");
    send(error_envelope("invalid_argument", "unknown message type '" + m.type.substr(0, 64) + "'"));
  }

  // The first sign-in, or a fresh token for the same user to go on past the old one's expiry.
  void sign_in(const std::string& token) {
    try {
      WsIdentity fresh = authenticate_token(hub_.platform, token, client_);
      if (identity_ && fresh.actor.user_id != identity_->actor.user_id)
        return send(error_envelope("permission_denied", "a connection serves one user; open another one"));
      const bool first = !identity_;
      identity_ = std::move(fresh);
      timer_.cancel();
      if (first) return begin();
      send(ready_envelope(*identity_, topics_));
      schedule_check();
    } catch (const Error& e) {
      if (e.code() != ErrorCode::unauthenticated)
        return close_with(websocket::close_code::try_again_later, "cannot check the token now; try again later");
      if (!identity_) return close_with(kCloseUnauthenticated, "the access token is invalid or expired");
      send(error_envelope("unauthenticated", e.what()));
    }
  }

  // Next look at the token: at its expiry, or sooner to notice a session that ended.
  void schedule_check() {
    const std::int64_t left = identity_->expires_at_ms - hub_.platform.clock().now_ms();
    const std::int64_t wait = std::clamp<std::int64_t>(left, 0, options_.ws_session_check_ms);
    timer_.expires_after(milliseconds(wait));
    timer_.async_wait(beast::bind_front_handler(&WsSession::on_timer, this->shared_from_this()));
  }

  void on_timer(beast::error_code ec) {
    if (ec || closing_) return;  // cancelled: signed in, a fresh token, or closing
    if (!identity_) return close_with(kCloseAuthTimeout, "no auth message in time");
    if (hub_.platform.clock().now_ms() >= identity_->expires_at_ms)
      return close_with(kCloseUnauthenticated, "the access token expired; send a fresh one before it does");
    try {
      authenticate_token(hub_.platform, identity_->token, client_);
    } catch (const Error& e) {
      if (e.code() == ErrorCode::unauthenticated) return close_with(kCloseUnauthenticated, "the session has ended");
      // The database is away: keep serving, look again later.
    }
    schedule_check();
  }

  void send(std::string_view text) { offer(std::make_shared<const LiveMessage>(text)); }

  // On the strand, with writing_ set: the next queued message, or the close frame once the
  // queue is empty and a close was asked for.
  void write_next() {
    std::shared_ptr<const LiveMessage> next;
    {
      std::lock_guard lock(out_mu_);
      if (queue_.empty()) {
        if (close_code_) return send_close();
        writing_ = false;
        return;
      }
      next = queue_.front();
    }
    ws_.async_write(net::buffer(next->text),
                    [self = this->shared_from_this(), next](beast::error_code ec, std::size_t) { self->on_write(ec); });
  }

  void on_write(beast::error_code ec) {
    {
      std::lock_guard lock(out_mu_);
      queued_bytes_ -= queue_.front()->text.size();
      queue_.pop_front();
    }
    if (ec) return abort();
    write_next();
  }

  // The closing handshake after what is queued (answers, events) has gone out; the read loop
  // ends when the peer answers (or Beast's timeout passes).
  void close_with(std::uint16_t code, const char* reason) {
    if (closing_) return;
    closing_ = true;
    leave();
    close_code_ = code;
    close_text_ = reason;
    // Plain: the frames offered so far are in the socket's queue, which the close frame joins.
    if constexpr (kPlain) return send_close();
    std::unique_lock lock(out_mu_);
    if (writing_) return;  // write_next sends it
    writing_ = true;
    lock.unlock();
    send_close();
  }

  void send_close() {
    ws_.async_close(websocket::close_reason(static_cast<websocket::close_code>(close_code_), close_text_),
                    [self = this->shared_from_this()](beast::error_code ec) {
                      if (ec) self->abort();
                    });
  }

  // Ends the connection at once: a client that does not read cannot take a close frame.
  void abort() {
    closing_ = true;
    leave();
    close_transport(ws_.next_layer());
  }

  void finish() {
    closing_ = true;
    leave();
    close_transport(ws_.next_layer());
    if (registered_) {
      hub_.remove(this);
      registered_ = false;
    }
  }

  // Off every topic, and no new messages; what is queued still goes.
  void leave() {
    timer_.cancel();
    {
      std::lock_guard lock(out_mu_);
      closing_out_ = true;
    }
    if (subscribed_) {
      hub_.topics.unsubscribe(this);
      subscribed_ = false;
    }
  }

  websocket::stream<NextLayer> ws_;
  ConnectionHub& hub_;
  const ServerOptions& options_;
  net::steady_timer timer_;  // the auth deadline, then the token checks
  TokenBucket bucket_;
  std::optional<WsIdentity> identity_;
  Origin client_;
  std::vector<std::string> topics_;
  UpgradeRequest request_;
  beast::flat_buffer in_;
  bool registered_ = false, accepted_ = false, subscribed_ = false, closing_ = false;  // on the strand
  std::uint16_t close_code_ = 0;  // set: the close frame follows the queue
  const char* close_text_ = "";

  std::mutex out_mu_;  // the send queue, filled from any thread
  std::deque<std::shared_ptr<const LiveMessage>> queue_;  // TLS only
  std::size_t queued_bytes_ = 0;
  bool writing_ = false, closing_out_ = false;
};

template <class NextLayer, class Transport>
void start(Transport&& transport, UpgradeRequest request, ConnectionHub& hub, std::optional<WsIdentity> identity,
           HeaderFields extra_headers) {
  auto session = std::make_shared<WsSession<NextLayer>>(std::forward<Transport>(transport), hub, std::move(identity));
  session->start(std::move(request), std::move(extra_headers));
}

}  // namespace

void start_websocket(beast::tcp_stream stream, UpgradeRequest request, ConnectionHub& hub,
                     std::optional<WsIdentity> identity, HeaderFields extra_headers) {
  start<SharedWriteSocket>(stream.release_socket(), std::move(request), hub, std::move(identity),
                           std::move(extra_headers));
}

void start_websocket(beast::ssl_stream<beast::tcp_stream> stream, UpgradeRequest request, ConnectionHub& hub,
                     std::optional<WsIdentity> identity, HeaderFields extra_headers) {
  start<TlsStream>(std::move(stream), std::move(request), hub, std::move(identity), std::move(extra_headers));
}

}  // namespace fitkit::http
