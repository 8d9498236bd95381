#pragma once
// A tiny blocking libcurl client for tests: performs an adapter's HttpRequest
// (loopback only) and returns what the dispatcher would hand to classify().
#include "bot/delivery/adapter.h"

namespace gridbot::fakes {

delivery::HttpResponse perform(const delivery::HttpRequest& req);

}  // namespace gridbot::fakes
