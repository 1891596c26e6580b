// A connection upgraded to a WebSocket on /v1/ws: authentication, the user's topics, limits,
// keep-alive. Included by the connection code only: it brings in Beast.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "http/connection.hpp"
#include "http/websocket_auth.hpp"

namespace fitkit::http {

using UpgradeRequest = boost::beast::http::request<boost::beast::http::string_body>;

// Completes the upgrade of `request` (checked by check_upgrade) and serves the WebSocket.
// `identity`: the user of the Authorization header; without it the first message must sign in.
// `extra_headers` go into the 101 answer (the request id).
using HeaderFields = std::vector<std::pair<std::string, std::string>>;
void start_websocket(boost::beast::tcp_stream stream, UpgradeRequest request, ConnectionHub& hub,
                     std::optional<WsIdentity> identity, HeaderFields extra_headers);
void start_websocket(boost::beast::ssl_stream<boost::beast::tcp_stream> stream, UpgradeRequest request,
                     ConnectionHub& hub, std::optional<WsIdentity> identity, HeaderFields extra_headers);

}  // namespace fitkit::http
