// HTTPS and WSS with a throwaway self-signed certificate made here with OpenSSL, talked to with
// real TLS clients (Beast over OpenSSL) and a plain-HTTP client sent to the wrong port.
#include "unit/http/test_websocket_client.hpp"  // first: it sets Beast's configuration macros

#include <doctest/doctest.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <boost/beast/http.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "fitkit/error.hpp"
#include "fitkit/pubsub.hpp"
#include "unit/fixture.hpp"
#include "unit/http/http_client.hpp"

using namespace fitkit;
using fitkit::test::ServerThread;
using nlohmann::json;
namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

namespace {

// A self-signed P-256 certificate for 127.0.0.1 and localhost, valid for a day, as PEM files.
struct Certificate {
  std::filesystem::path cert, key;
};

Certificate make_certificate(const std::filesystem::path& dir, const std::string& name) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  REQUIRE(key);
  X509* x = X509_new();
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
  X509_gmtime_adj(X509_getm_notBefore(x), -60);
  X509_gmtime_adj(X509_getm_notAfter(x), 86400);
  X509_set_pubkey(x, key);
  X509_NAME* subject = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1,
                             -1, 0);
  X509_set_issuer_name(x, subject);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, x, x, nullptr, nullptr, 0);
  X509_EXTENSION* san = X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost");
  X509_add_ext(x, san, -1);
  X509_EXTENSION_free(san);
  REQUIRE(X509_sign(x, key, EVP_sha256()) > 0);
  Certificate out{dir / (name + ".crt"), dir / (name + ".key")};
  FILE* f = std::fopen(out.cert.c_str(), "w");
  PEM_write_X509(f, x);
  std::fclose(f);
  f = std::fopen(out.key.c_str(), "w");
  PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(f);
  X509_free(x);
  EVP_PKEY_free(key);
  return out;
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// A client context that trusts `cert` alone and checks the name.
net::ssl::context client_context(const Certificate& c) {
  net::ssl::context ctx(net::ssl::context::tls_client);
  const std::string pem = read_file(c.cert);
  ctx.add_certificate_authority(net::buffer(pem));
  ctx.set_verify_mode(net::ssl::verify_peer);
  ctx.set_verify_callback(net::ssl::host_name_verification("localhost"));
  return ctx;
}

// One HTTPS GET; the status, or the error that prevented it.
struct HttpsResult {
  int status = 0;
  std::string body;
  beast::error_code error;
};

HttpsResult https_get(std::uint16_t port, net::ssl::context& ctx, const std::string& target) {
  net::io_context ioc;
  TlsStream stream(ioc, ctx);
  SSL_set_tlsext_host_name(stream.native_handle(), "localhost");
  HttpsResult out;
  bhttp::request<bhttp::empty_body> req(bhttp::verb::get, target, 11);
  req.set(bhttp::field::host, "localhost");
  bhttp::response<bhttp::string_body> res;
  beast::flat_buffer buffer;
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
  beast::get_lowest_layer(stream).async_connect({net::ip::make_address("127.0.0.1"), port}, [&](beast::error_code ec) {
    if (ec) return void(out.error = ec);
    stream.async_handshake(net::ssl::stream_base::client, [&](beast::error_code ec) {
      if (ec) return void(out.error = ec);
      bhttp::async_write(stream, req, [&](beast::error_code ec, std::size_t) {
        if (ec) return void(out.error = ec);
        bhttp::async_read(stream, buffer, res, [&](beast::error_code ec, std::size_t) {
          if (ec) return void(out.error = ec);
          out.status = static_cast<int>(res.result_int());
          out.body = res.body();
        });
      });
    });
  });
  ioc.run_for(std::chrono::seconds(15));
  return out;
}

// A connected TCP socket, closed on destruction; reads time out after 10 s.
struct RawSocket {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  explicit RawSocket(std::uint16_t port) {
    timeval tv{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  }
  ~RawSocket() { ::close(fd); }
};

struct TlsServer {
  test::TestPlatform t{{}, "sqlite::memory:"};
  Certificate cert = make_certificate(t.dir, "server");
  std::unique_ptr<ServerThread> server;

  explicit TlsServer(http::ServerOptions options = {}) {
    options.tls_cert_file = cert.cert;
    options.tls_key_file = cert.key;
    server = std::make_unique<ServerThread>(*t.platform, options);
  }
  std::uint16_t port() const { return server->port(); }
};

// The error serve() throws at start with these settings (it must throw before listening).
std::string start_error(test::TestPlatform& t, const http::ServerOptions& options, const std::string& field) {
  http::ServerOptions o = options;
  o.port = 0;
  o.handle_signals = false;
  try {
    http::serve(*t.platform, o, [](const std::string&) { FAIL("it listened"); });
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::invalid_argument);
    CHECK(e.field() == field);
    return e.what();
  }
  FAIL("serve() did not refuse the settings");
  return {};
}

}  // namespace

TEST_CASE("tls: https and wss with a verified certificate") {
  TlsServer s;
  CHECK(s.server->url().rfind("https://127.0.0.1:", 0) == 0);
  auto ctx = client_context(s.cert);
  auto r = https_get(s.port(), ctx, "/healthz");
  REQUIRE_MESSAGE(!r.error, r.error.message());
  CHECK(r.status == 200);
  CHECK(json::parse(r.body)["status"] == "ok");
  r = https_get(s.port(), ctx, "/openapi.json");
  REQUIRE_MESSAGE(!r.error, r.error.message());
  CHECK(json::parse(r.body)["servers"][0]["url"] == s.server->url());

  const std::string email = "ann@example.com";
  s.t.call("users.create", Actor::system(), {{"email", email}, {"password", test::kPassword}});
  const auto tokens = s.t.login(email);
  test::WsClient<TlsStream> ws(ctx);
  REQUIRE(ws.open(s.port(), {{"Authorization", "Bearer " + tokens["access_token"].get<std::string>()}}) == 101);
  auto ready = ws.read();
  REQUIRE(ready);
  CHECK(json::parse(*ready)["type"] == "ready");
  s.t.call("auth.password.change", s.t.actor_of(tokens),
           {{"current_password", test::kPassword}, {"new_password", "a brand new long password"}});
  auto note = ws.read();
  REQUIRE(note);
  CHECK(json::parse(*note)["data"]["type"] == "password_changed");
  // Messages larger than one TLS record arrive whole.
  const std::string big = json{{"type", "test"}, {"filler", std::string(7000, 'y')}}.dump();
  const std::string topic = json::parse(*ready)["data"]["topics"][0];
  for (int i = 0; i < 3; ++i) s.t.platform->pubsub().publish(topic, big);
  for (int i = 0; i < 3; ++i) CHECK(ws.read() == big);
}

TEST_CASE("tls: a client that does not trust the certificate, or offers only TLS 1.1, is refused") {
  TlsServer s;
  const Certificate stranger = make_certificate(s.t.dir, "stranger");
  auto wrong_trust = client_context(stranger);
  CHECK(https_get(s.port(), wrong_trust, "/healthz").error);

  auto old = client_context(s.cert);
  SSL_CTX_set_security_level(old.native_handle(), 0);  // let the client offer it at all
  SSL_CTX_set_min_proto_version(old.native_handle(), TLS1_VERSION);
  SSL_CTX_set_max_proto_version(old.native_handle(), TLS1_1_VERSION);
  SSL_CTX_set_cipher_list(old.native_handle(), "DEFAULT:@SECLEVEL=0");
  CHECK(https_get(s.port(), old, "/healthz").error);

  auto good = client_context(s.cert);
  CHECK(https_get(s.port(), good, "/healthz").status == 200);  // and it serves on
}

TEST_CASE("tls: plain HTTP on the TLS port gets one clear 400, then the connection closes") {
  TlsServer s;
  test::HttpClient plain(s.port());
  auto r = plain.get("/healthz");
  CHECK(r.status == 400);
  CHECK(r.header("content-type") == "application/problem+json");
  CHECK(r.header("connection") == "close");
  CHECK(r.json()["detail"].get<std::string>().find("https://") != std::string::npos);
  auto ctx = client_context(s.cert);
  CHECK(https_get(s.port(), ctx, "/healthz").status == 200);
}

TEST_CASE("tls: a handshake that does not finish in time is closed") {
  http::ServerOptions options;
  options.tls_handshake_timeout_ms = 200;
  TlsServer s(options);
  for (const std::string& first : {std::string(), std::string("\x16\x03\x01", 3)}) {
    RawSocket raw(s.port());  // connects; then silence, or a TLS record that never ends
    if (!first.empty()) REQUIRE(::send(raw.fd, first.data(), first.size(), 0) == 3);
    const auto started = std::chrono::steady_clock::now();
    char byte;
    CHECK(::recv(raw.fd, &byte, 1, 0) <= 0);  // closed by the server, not our 10 s timeout
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
  }
}

TEST_CASE("tls: bad settings are refused at start with a clear message") {
  test::TestPlatform t({}, "sqlite::memory:");
  const Certificate good = make_certificate(t.dir, "good"), other = make_certificate(t.dir, "other");
  const auto garbage = t.dir / "garbage.pem";
  std::ofstream(garbage) << "not a certificate\n";

  http::ServerOptions o;
  o.tls_cert_file = good.cert;
  CHECK(start_error(t, o, "tls_key_file").find("needs its key") != std::string::npos);
  o = {};
  o.tls_key_file = good.key;
  CHECK(start_error(t, o, "tls_cert_file").find("needs its certificate") != std::string::npos);
  o.tls_cert_file = good.cert;
  o.tls_key_file = other.key;
  CHECK(start_error(t, o, "tls_key_file").find("does not belong to the certificate") != std::string::npos);
  o.tls_key_file = good.key;
  o.tls_cert_file = garbage;
  CHECK(start_error(t, o, "tls_cert_file").find("holds no PEM certificate") != std::string::npos);
  o.tls_cert_file = good.cert;
  o.tls_key_file = garbage;
  CHECK(start_error(t, o, "tls_key_file").find("holds no PEM private key") != std::string::npos);
  o.tls_key_file = t.dir / "missing.key";
  CHECK(start_error(t, o, "tls_key_file").find("cannot read") != std::string::npos);
  o.tls_key_file = good.cert;  // a certificate where the key belongs
  CHECK(start_error(t, o, "tls_key_file").find("holds no PEM private key") != std::string::npos);
}
