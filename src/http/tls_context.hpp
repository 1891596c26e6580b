// The server's TLS settings: a certificate chain and its key from PEM files, TLS 1.2 at least,
// forward-secret AEAD ciphers only, ALPN http/1.1.
#pragma once

#include <memory>

#include <boost/asio/ssl/context.hpp>

#include "http/server.hpp"

namespace fitkit::http {

// Null when neither tls_cert_file nor tls_key_file is set. Throws Error::invalid when only one
// is set, when a file cannot be read or holds no usable PEM, or when the key does not belong to
// the certificate, so that a bad setup fails at start rather than at the first client.
std::unique_ptr<boost::asio::ssl::context> make_tls_context(const ServerOptions& options);

}  // namespace fitkit::http
