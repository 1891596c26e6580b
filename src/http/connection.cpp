#include "http/connection.hpp"

#include <array>
#include <charconv>
#include <chrono>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "http/problem.hpp"

namespace fitkit::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

constexpr std::size_t kReadChunk = 16 * 1024;
constexpr std::size_t kKeptBuffer = 64 * 1024;  // an idle connection keeps at most this much
constexpr std::size_t kMaxLingerBytes = 1 << 20;  // what we drain of a refused body, at most
constexpr std::chrono::seconds kLingerTime{2};
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

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

}  // namespace

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, ConnectionHub& hub) : stream_(std::move(socket)), hub_(hub) {}
  ~Connection() {
    if (registered_) hub_.remove(this);
  }

  void start() {
    beast::error_code ec;
    auto peer = stream_.socket().remote_endpoint(ec);
    if (!ec) ip_ = peer.address().to_string();
    stream_.socket().set_option(tcp::no_delay(true), ec);
    hub_.add(this, weak_from_this());
    registered_ = true;
    wait();
  }

  net::any_io_executor executor() { return stream_.get_executor(); }

  // On the strand: drop a connection that waits for a request; one that is
  // answering closes once its answer is out.
  void stop() {
    if (state_ == State::waiting || state_ == State::reading || state_ == State::closing) stream_.cancel();
  }

 private:
  enum class State { waiting, reading, busy, closing, closed };

  std::chrono::milliseconds ms(std::int64_t v) const { return std::chrono::milliseconds(v); }

  // Between requests: the idle timeout runs until the next request's first bytes.
  void wait() {
    state_ = State::waiting;
    if (hub_.stopping.load(std::memory_order_relaxed)) return close();
    if (buffer_.size() > 0) return begin_request();  // pipelined
    if (buffer_.capacity() > kKeptBuffer) buffer_.shrink_to_fit();  // after a large body
    stream_.expires_after(ms(hub_.options.idle_timeout_ms));
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            beast::bind_front_handler(&Connection::on_first_bytes, shared_from_this()));
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
      stream_.expires_after(ms(hub_.options.request_timeout_ms));
      bhttp::async_read_header(stream_, buffer_, *parser_,
                               beast::bind_front_handler(&Connection::on_header, shared_from_this()));
      return;
    }
    on_header(ec, 0);
  }

  void on_header(beast::error_code ec, std::size_t) {
    if (ec) return read_failed(ec);
    if (auto length = parser_->content_length(); length && *length > hub_.options.max_body_bytes)
      return refuse(body_too_large());
    if (parser_->is_done()) return respond();
    stream_.expires_after(ms(hub_.options.request_timeout_ms));
    if (iequals(parser_->get()[bhttp::field::expect], "100-continue")) {
      net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                       [self = shared_from_this()](beast::error_code e, std::size_t) {
                         if (e) return self->close();
                         self->read_body();
                       });
      return;
    }
    read_body();
  }

  void read_body() {
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Connection::on_body, shared_from_this()));
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
    Request request;
    request.method = method_of(req.method());
    request.method_name = req.method_string();
    request.target = req.target();
    request.authorization = req[bhttp::field::authorization];
    request.user_agent = req[bhttp::field::user_agent];
    request.content_type = req[bhttp::field::content_type];
    request.body = req.body();
    request.client_ip = &ip_;
    BeastHeaders headers(req.base());
    request.headers = &headers;
    response_ = Response{};
    hub_.handler.handle(request, response_);
    const bool keep_alive = req.keep_alive() && !hub_.stopping.load(std::memory_order_relaxed);
    write(!keep_alive, req.version() == 10 && keep_alive, false);
  }

  // An answer to a request we will not read further: sent, then the connection closes.
  void refuse(Problem problem) {
    state_ = State::busy;
    response_ = Response{};
    response_.status = problem.status;
    response_.content_type = "application/problem+json";
    response_.body = std::move(problem.body);
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
    head_ += "\r\nContent-Type: ";
    head_ += r.content_type;
    head_ += "\r\nContent-Length: ";
    append_number(head_, payload.size());
    head_ += "\r\nX-Content-Type-Options: nosniff\r\n";
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
    std::array<net::const_buffer, 2> buffers{net::buffer(head_), net::buffer(payload.data(), payload.size())};
    stream_.expires_after(ms(hub_.options.request_timeout_ms));
    net::async_write(stream_, buffers, beast::bind_front_handler(&Connection::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    if (ec) return close();
    if (close_after_ || hub_.stopping.load(std::memory_order_relaxed)) return finish();
    wait();
  }

  // Half-close so the client reads the whole answer; after a refused request,
  // drain a little of what it still sends, as a reset could destroy the answer.
  void finish() {
    state_ = State::closing;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (!linger_) return close();
    buffer_.clear();
    stream_.expires_after(kLingerTime);
    drain();
  }

  void drain() {
    stream_.async_read_some(buffer_.prepare(kReadChunk), [self = shared_from_this()](beast::error_code ec,
                                                                                        std::size_t n) {
      self->drained_ += n;
      if (ec || self->drained_ > kMaxLingerBytes) return self->close();
      self->drain();
    });
  }

  void close() {
    state_ = State::closed;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
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

void ConnectionHub::add(Connection* c, std::weak_ptr<Connection> w) {
  std::lock_guard lock(mu_);
  open_.emplace(c, std::move(w));
}

void ConnectionHub::remove(Connection* c) {
  std::lock_guard lock(mu_);
  open_.erase(c);
}

void ConnectionHub::stop_all() {
  stopping.store(true);
  std::vector<std::shared_ptr<Connection>> open;
  {
    std::lock_guard lock(mu_);
    for (auto& [c, weak] : open_)
      if (auto strong = weak.lock()) open.push_back(std::move(strong));
  }
  for (auto& c : open) net::post(c->executor(), [c] { c->stop(); });
}

void start_connection(tcp::socket socket, ConnectionHub& hub) {
  auto c = std::make_shared<Connection>(std::move(socket), hub);
  net::dispatch(c->executor(), [c] { c->start(); });
}

}  // namespace fitkit::http
