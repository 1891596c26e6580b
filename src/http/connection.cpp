#include "http/connection.hpp"

#include <array>
#include <charconv>
#include <chrono>
#include <ctime>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "fitkit/id.hpp"
#include "http/problem.hpp"
#include "http/websocket_session.hpp"

namespace fitkit::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = net::ip::tcp;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

namespace {

constexpr std::size_t kReadChunk = 16 * 1024;
constexpr std::size_t kKeptBuffer = 64 * 1024;  // an idle connection keeps at most this much
constexpr std::size_t kMaxLingerBytes = 1 << 20;  // what we drain of a refused body, at most
constexpr std::chrono::seconds kLingerTime{2};
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
constexpr unsigned char kTlsHandshakeRecord = 0x16;  // the first byte of a TLS ClientHello

std::optional<api::HttpMethod> method_of(bhttp::verb v) noexcept {
  switch (v) {
    case bhttp::verb::get: return api::HttpMethod::get;
    case bhttp::verb::post: return api::HttpMethod::post;
    case bhttp::verb::put: return api::HttpMethod::put;
    case bhttp::verb::patch: return api::HttpMethod::patch;
    case bhttp::verb::delete_: return api::HttpMethod::del;
    default: return std::nullopt;
  }
}

// The Date header's value, formatted once a second per thread.
std::string_view http_date() {
  thread_local std::time_t last = 0;
  thread_local char text[64];
  thread_local std::size_t length = 0;
  std::time_t now = std::time(nullptr);
  if (now != last) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    length = std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    last = now;
  }
  return {text, length};
}

void append_number(std::string& out, std::uint64_t n) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, n);
  out.append(digits, end);
}

bool iequals(std::string_view a, std::string_view b) noexcept { return beast::iequals(a, b); }

class BeastHeaders : public HeaderLookup {
 public:
  explicit BeastHeaders(const bhttp::fields& fields) : fields_(fields) {}
  std::string_view get(std::string_view name) const override {
    auto it = fields_.find(name);
    return it == fields_.end() ? std::string_view() : std::string_view(it->value());
  }

 private:
  const bhttp::fields& fields_;
};

// What the handler sees of a request whose header has been read.
Request request_of(const bhttp::request<bhttp::string_body>& req, const std::string& ip, const HeaderLookup& headers) {
  Request request;
  request.method = method_of(req.method());
  request.method_name = req.method_string();
  request.target = req.target();
  request.authorization = req[bhttp::field::authorization];
  request.user_agent = req[bhttp::field::user_agent];
  request.content_type = req[bhttp::field::content_type];
  request.body = req.body();
  request.client_ip = &ip;
  request.headers = &headers;
  return request;
}

// RFC 9110 §8.6: no Content-Length (nor a body) in a 1xx, 204 or 304 answer.
bool has_no_content(int status) noexcept { return status < 200 || status == 204 || status == 304; }

}  // namespace

// Stream is beast::tcp_stream (plain HTTP) or TlsStream: one compiled path each, no test per read.
template <class Stream>
class Connection final : public OpenConnection, public std::enable_shared_from_this<Connection<Stream>> {
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

 public:
  template <class... StreamArgs>
  explicit Connection(ConnectionHub& hub, StreamArgs&&... args)
      : stream_(std::forward<StreamArgs>(args)...), hub_(hub) {}
  ~Connection() override {
    if (registered_) hub_.remove(this);
  }

  void start() {
    beast::error_code ec;
    auto peer = lowest().socket().remote_endpoint(ec);
    if (!ec) ip_ = peer.address().to_string();
    lowest().socket().set_option(tcp::no_delay(true), ec);
    hub_.add(this, this->weak_from_this());
    registered_ = true;
    if constexpr (kTls) return await_client_hello();
    wait();
  }

  net::any_io_executor executor() override { return lowest().get_executor(); }

  // On the strand: drop a connection that waits for a request; one that is
  // answering closes once its answer is out.
  void stop() override {
    if (state_ == State::waiting || state_ == State::reading || state_ == State::closing ||
        state_ == State::handshake)
      lowest().cancel();
  }

 private:
  enum class State { handshake, waiting, reading, busy, closing, closed, upgraded };

  beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }
  std::shared_ptr<Connection> self() { return this->shared_from_this(); }

  // TLS: the first bytes tell a ClientHello from a plain HTTP request sent to this port by mistake.
  void await_client_hello() {
    state_ = State::handshake;
    lowest().expires_after(ms(hub_.options.tls_handshake_timeout_ms));
    lowest().async_read_some(buffer_.prepare(kReadChunk), [self = self()](beast::error_code ec, std::size_t n) {
      if (ec) return self->close();
      self->buffer_.commit(n);
      self->on_first_tls_bytes();
    });
  }

  void on_first_tls_bytes() {
    if constexpr (kTls) {
      const auto* first = static_cast<const unsigned char*>(buffer_.data().data());
      if (*first != kTlsHandshakeRecord) return refuse_plain_http();
      stream_.async_handshake(ssl::stream_base::server, buffer_.data(), HandshakeDone{self()});
    }
  }

  // Beast 1.81 checks the buffered handshake's handler against void(error_code) but calls it
  // with (error_code, bytes used): hence both.
  struct HandshakeDone {
    std::shared_ptr<Connection> self;
    void operator()(beast::error_code ec, std::size_t used) const { self->on_handshake(ec, used); }
    void operator()(beast::error_code ec) const { self->on_handshake(ec, self->buffer_.size()); }
  };

  void on_handshake(beast::error_code ec, std::size_t used) {
    // Unused bytes would be records sent before our answer: not TLS as we know it.
    if (ec || used != buffer_.size()) return close();
    buffer_.consume(used);
    wait();
  }

  // Plain HTTP on the TLS port: one clear answer in plain HTTP, then the connection closes.
  void refuse_plain_http() {
    state_ = State::busy;
    buffer_.clear();
    const auto problem = http_problem(400, "bad_request", "this port speaks HTTPS: use an https:// URL");
    head_ = "HTTP/1.1 400 Bad Request\r\nContent-Type: application/problem+json\r\nContent-Length: ";
    append_number(head_, problem.body.size());
    head_ += "\r\nConnection: close\r\n\r\n";
    head_ += problem.body;
    net::async_write(lowest(), net::buffer(head_), [self = self()](beast::error_code ec, std::size_t) {
      if (ec) return self->close();
      self->linger_ = true;
      self->finish_plain();
    });
  }

  std::chrono::milliseconds ms(std::int64_t v) const { return std::chrono::milliseconds(v); }

  // Between requests: the idle timeout runs until the next request's first bytes.
  void wait() {
    state_ = State::waiting;
    if (hub_.stopping.load(std::memory_order_relaxed)) return close();
    if (buffer_.size() > 0) return begin_request();  // pipelined
    if (buffer_.capacity() > kKeptBuffer) buffer_.shrink_to_fit();  // after a large body
    lowest().expires_after(ms(hub_.options.idle_timeout_ms));
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            beast::bind_front_handler(&Connection::on_first_bytes, self()));
  }

  void on_first_bytes(beast::error_code ec, std::size_t n) {
    if (ec) return close();  // idle too long, the peer left, or stop()
    buffer_.commit(n);
    begin_request();
  }

  void begin_request() {
    state_ = State::reading;
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(hub_.options.max_header_bytes));
    parser_->body_limit(hub_.options.max_body_bytes);
    // Parse what has arrived; go back to the socket only for an incomplete header.
    beast::error_code ec;
    std::size_t used = parser_->put(buffer_.data(), ec);
    buffer_.consume(used);
    if (ec == bhttp::error::need_more) {
      lowest().expires_after(ms(hub_.options.request_timeout_ms));
      bhttp::async_read_header(stream_, buffer_, *parser_,
                               beast::bind_front_handler(&Connection::on_header, self()));
      return;
    }
    on_header(ec, 0);
  }

  void on_header(beast::error_code ec, std::size_t) {
    if (ec) return read_failed(ec);
    if (auto length = parser_->content_length(); length && *length > hub_.options.max_body_bytes)
      return refuse(body_too_large());
    if (parser_->is_done()) return respond();
    lowest().expires_after(ms(hub_.options.request_timeout_ms));
    if (iequals(parser_->get()[bhttp::field::expect], "100-continue")) {
      net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                       [self = self()](beast::error_code e, std::size_t) {
                         if (e) return self->close();
                         self->read_body();
                       });
      return;
    }
    read_body();
  }

  void read_body() {
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Connection::on_body, self()));
  }

  void on_body(beast::error_code ec, std::size_t) {
    if (ec) return read_failed(ec);
    respond();
  }

  Problem body_too_large() const {
    return http_problem(413, "payload_too_large",
                        "the request body is larger than " + std::to_string(hub_.options.max_body_bytes) +
                            " bytes");
  }

  void read_failed(beast::error_code ec) {
    if (ec == bhttp::error::header_limit)
      return refuse(http_problem(431, "request_header_fields_too_large", "the request headers are too large"));
    if (ec == bhttp::error::body_limit) return refuse(body_too_large());
    // A timeout has closed the socket already; a peer that left needs no answer.
    const bool malformed = ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
                           ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
    if (!malformed) return close();
    refuse(http_problem(400, "bad_request", "the request is not valid HTTP/1.1: " + ec.message()));
  }

  void respond() {
    state_ = State::busy;
    auto& req = parser_->get();
    if (is_websocket_target(req.target())) return upgrade();
    BeastHeaders headers(req.base());
    const Request request = request_of(req, ip_, headers);
    response_ = Response{};
    hub_.handler.handle(request, response_);
    const bool keep_alive = req.keep_alive() && !hub_.stopping.load(std::memory_order_relaxed);
    write(!keep_alive, req.version() == 10 && keep_alive, false);
  }

  // /v1/ws: checked here, where a refusal is an ordinary HTTP answer; then handed over.
  void upgrade() {
    auto& req = parser_->get();
    BeastHeaders headers(req.base());
    const Request request = request_of(req, ip_, headers);
    UpgradeCheck check =
        check_upgrade(hub_.platform, request, beast::websocket::is_upgrade(req), hub_.websocket_origins);
    if (!check.accepted || hub_.stopping.load(std::memory_order_relaxed)) {
      response_ = std::move(check.refusal);
      if (check.accepted) {  // accepted as the server stops: no new WebSocket
        response_ = Response{};
        response_.status = 503;
        response_.content_type = "application/problem+json";
        response_.body = http_problem(503, "unavailable", "the server is stopping").body;
      }
      hub_.handler.finish(request, response_);
      const bool keep_alive = req.keep_alive() && !hub_.stopping.load(std::memory_order_relaxed);
      return write(!keep_alive, req.version() == 10 && keep_alive, false);
    }
    // The 101 that the WebSocket session sends gets the request id, and the access log its line.
    Response switching;
    switching.status = 101;
    switching.content_type = {};
    hub_.handler.finish(request, switching,
                        check.identity ? format_id(IdKind::user, check.identity->actor.user_id) : std::string());
    state_ = State::upgraded;  // the stream moves to the WebSocket session
    hub_.remove(this);
    registered_ = false;
    lowest().expires_never();
    start_websocket(std::move(stream_), parser_->release(), hub_, std::move(check.identity),
                    std::move(switching.headers));
  }

  // An answer to a request we will not read further: sent, then the connection closes.
  void refuse(Problem problem) {
    state_ = State::busy;
    response_ = Response{};
    response_.status = problem.status;
    response_.content_type = "application/problem+json";
    response_.body = std::move(problem.body);
    // What the parser has of the header: all of it for a 413; for a 431 or a malformed
    // request, what came before the fault (the request line, some fields), or nothing.
    if (parser_) {
      BeastHeaders headers(parser_->get().base());
      hub_.handler.finish(request_of(parser_->get(), ip_, headers), response_);
    } else {
      Request unknown;
      unknown.client_ip = &ip_;
      hub_.handler.finish(unknown, response_);
    }
    write(true, false, true);
  }

  void write(bool close_after, bool say_keep_alive, bool linger) {
    close_after_ = close_after;
    linger_ = linger;
    const Response& r = response_;
    std::string_view payload = r.payload();
    head_.clear();
    head_ += "HTTP/1.1 ";
    append_number(head_, static_cast<unsigned>(r.status));
    head_ += ' ';
    head_ += bhttp::obsolete_reason(bhttp::int_to_status(static_cast<unsigned>(r.status)));
    head_ += "\r\nDate: ";
    head_ += http_date();
    head_ += "\r\n";
    if (has_no_content(r.status)) {
      payload = {};
    } else {
      ((head_ += "Content-Type: ") += r.content_type) += "\r\nContent-Length: ";
      append_number(head_, payload.size());
      head_ += "\r\n";
    }
    head_ += "X-Content-Type-Options: nosniff\r\n";
    if (r.no_store) head_ += "Cache-Control: no-store\r\n";
    if (!r.allow.empty()) (head_ += "Allow: ").append(r.allow) += "\r\n";
    if (!r.www_authenticate.empty()) (head_ += "WWW-Authenticate: ").append(r.www_authenticate) += "\r\n";
    if (r.retry_after_s > 0) {
      head_ += "Retry-After: ";
      append_number(head_, static_cast<std::uint64_t>(r.retry_after_s));
      head_ += "\r\n";
    }
    for (const auto& [name, value] : r.headers) ((head_ += name) += ": ").append(value) += "\r\n";
    if (close_after) head_ += "Connection: close\r\n";
    else if (say_keep_alive) head_ += "Connection: keep-alive\r\n";
    head_ += "\r\n";
    lowest().expires_after(ms(hub_.options.request_timeout_ms));
    if constexpr (kTls) {
      // Not a two-buffer array: Asio's write loop for that keeps the spent head as an empty
      // first buffer, which Beast's TLS stream turns into a write of nothing, ending the loop.
      net::async_write(stream_, beast::buffers_cat(net::buffer(head_), net::buffer(payload.data(), payload.size())),
                       beast::bind_front_handler(&Connection::on_write, self()));
    } else {
      std::array<net::const_buffer, 2> buffers{net::buffer(head_), net::buffer(payload.data(), payload.size())};
      net::async_write(stream_, buffers, beast::bind_front_handler(&Connection::on_write, self()));
    }
  }

  void on_write(beast::error_code ec, std::size_t) {
    if (ec) return close();
    if (close_after_ || hub_.stopping.load(std::memory_order_relaxed)) return finish();
    wait();
  }

  // Half-close so the client reads the whole answer; after a refused request,
  // drain a little of what it still sends, as a reset could destroy the answer.
  void finish() {
    if constexpr (kTls) {
      // close_notify, so that the client knows the answer is complete; then the socket goes.
      state_ = State::closing;
      lowest().expires_after(kLingerTime);
      stream_.async_shutdown([self = self()](beast::error_code) { self->close(); });
    } else {
      finish_plain();
    }
  }

  void finish_plain() {
    state_ = State::closing;
    beast::error_code ec;
    lowest().socket().shutdown(tcp::socket::shutdown_send, ec);
    if (!linger_) return close();
    buffer_.clear();
    lowest().expires_after(kLingerTime);
    drain();
  }

  void drain() {
    lowest().async_read_some(buffer_.prepare(kReadChunk), [self = self()](beast::error_code ec, std::size_t n) {
      self->drained_ += n;
      if (ec || self->drained_ > kMaxLingerBytes) return self->close();
      self->drain();
    });
  }

  void close() {
    state_ = State::closed;
    beast::error_code ec;
    lowest().socket().shutdown(tcp::socket::shutdown_both, ec);
    lowest().close();
  }

  Stream stream_;
  ConnectionHub& hub_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Response response_;
  std::string head_;
  std::string ip_;
  State state_ = State::waiting;
  bool registered_ = false;
  bool close_after_ = false;
  bool linger_ = false;
  std::size_t drained_ = 0;
};

void ConnectionHub::add(OpenConnection* c, std::weak_ptr<OpenConnection> w) {
  std::lock_guard lock(mu_);
  open_.emplace(c, std::move(w));
}

void ConnectionHub::remove(OpenConnection* c) {
  std::lock_guard lock(mu_);
  open_.erase(c);
}

void ConnectionHub::stop_all() {
  stopping.store(true);
  std::vector<std::shared_ptr<OpenConnection>> open;
  {
    std::lock_guard lock(mu_);
    for (auto& [c, weak] : open_)
      if (auto strong = weak.lock()) open.push_back(std::move(strong));
  }
  for (auto& c : open) net::post(c->executor(), [c] { c->stop(); });
}

void start_connection(tcp::socket socket, ConnectionHub& hub) {
  if (hub.tls) {
    auto c = std::make_shared<Connection<TlsStream>>(hub, std::move(socket), *hub.tls);
    net::dispatch(c->executor(), [c] { c->start(); });
  } else {
    auto c = std::make_shared<Connection<beast::tcp_stream>>(hub, std::move(socket));
    net::dispatch(c->executor(), [c] { c->start(); });
  }
}

}  // namespace fitkit::http
