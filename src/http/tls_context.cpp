#include "http/tls_context.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

#include "fitkit/error.hpp"

namespace fitkit::http {

namespace {

// TLS 1.2 suites with forward secrecy and AEAD (Mozilla's "intermediate" list); TLS 1.3 keeps
// OpenSSL's defaults, which are all of that kind.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

// The queued OpenSSL errors as one line, and the queue emptied.
std::string openssl_errors() {
  std::string out;
  while (unsigned long e = ERR_get_error()) {
    char text[256];
    ERR_error_string_n(e, text, sizeof text);
    if (!out.empty()) out += "; ";
    out += text;
  }
  return out.empty() ? "no details" : out;
}

void require_readable(const std::string& path, const char* field, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error::invalid(field, std::string("cannot read the TLS ") + what + " file " + path + ": " +
                                           std::strerror(errno));
}

// Never prompt on the terminal for a passphrase: an encrypted key simply fails to load.
int no_passphrase(char*, int, int, void*) { return 0; }

// HTTP/1.1 is all we speak; a client that offers only other protocols gets no ALPN answer.
int select_http11(SSL*, const unsigned char** out, unsigned char* out_length, const unsigned char* offered,
                  unsigned int offered_length, void*) {
  static const unsigned char kHttp11[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
  unsigned char* chosen = nullptr;
  if (SSL_select_next_proto(&chosen, out_length, kHttp11, sizeof kHttp11, offered, offered_length) !=
      OPENSSL_NPN_NEGOTIATED)
    return SSL_TLSEXT_ERR_NOACK;
  *out = chosen;
  return SSL_TLSEXT_ERR_OK;
}

void load_key(SSL_CTX* ctx, const std::string& cert_file, const std::string& key_file) {
  BIO* bio = BIO_new_file(key_file.c_str(), "r");
  EVP_PKEY* key = bio ? PEM_read_bio_PrivateKey(bio, nullptr, no_passphrase, nullptr) : nullptr;
  BIO_free(bio);
  if (!key)
    throw Error::invalid("tls_key_file", "the TLS key file " + key_file +
                                             " holds no PEM private key (an encrypted key is not supported): " +
                                             openssl_errors());
  const bool matches = SSL_CTX_use_PrivateKey(ctx, key) == 1 && SSL_CTX_check_private_key(ctx) == 1;
  EVP_PKEY_free(key);
  if (!matches) {
    ERR_clear_error();
    throw Error::invalid("tls_key_file",
                         "the TLS key in " + key_file + " does not belong to the certificate in " + cert_file);
  }
}

}  // namespace

std::unique_ptr<boost::asio::ssl::context> make_tls_context(const ServerOptions& options) {
  const std::string& cert = options.tls_cert_file;
  const std::string& key = options.tls_key_file;
  if (cert.empty() && key.empty()) return nullptr;
  if (cert.empty())
    throw Error::invalid("tls_cert_file", "a TLS key needs its certificate: set both the certificate and the key");
  if (key.empty())
    throw Error::invalid("tls_key_file", "a TLS certificate needs its key: set both the certificate and the key");
  require_readable(cert, "tls_cert_file", "certificate");
  require_readable(key, "tls_key_file", "key");

  ERR_clear_error();
  auto ctx = std::make_unique<boost::asio::ssl::context>(boost::asio::ssl::context::tls_server);
  SSL_CTX* native = ctx->native_handle();
  if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1)
    throw Error::internal("cannot set the TLS protocol versions and ciphers: " + openssl_errors());
  SSL_CTX_set_options(native, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
  SSL_CTX_set_default_passwd_cb(native, no_passphrase);
  if (SSL_CTX_use_certificate_chain_file(native, cert.c_str()) != 1)
    throw Error::invalid("tls_cert_file",
                         "the TLS certificate file " + cert + " holds no PEM certificate: " + openssl_errors());
  load_key(native, cert, key);
  SSL_CTX_set_alpn_select_cb(native, select_http11, nullptr);
  return ctx;
}

}  // namespace fitkit::http
