#pragma once
// Requests that came through a reverse proxy ([http] trusted_proxies,
// docs/deployment.md). The server fills Request::remote_addr with the client
// X-Forwarded-For names (bot/core/address.h) only when the peer is a trusted
// proxy; what the proxy says about TLS is believed on the same condition.
#include <string>

#include "bot/http/server.h"

namespace gridbot::http {

// Every X-Forwarded-For field of the request, joined with "," in order.
std::string forwarded_for(const Request& req);

// Whether the client reached us over TLS: only through a trusted proxy whose
// X-Forwarded-Proto (its last value, the one the nearest proxy wrote) is
// "https". gridbot itself speaks plain HTTP, so a direct request never is.
// The dashboard sets its cookies `Secure` when this holds.
bool request_is_secure(const Request& req);

}  // namespace gridbot::http
