#pragma once
// Internal to bot/delivery: the dispatcher's HTTP stage. libcurl multi on the
// dispatcher's thread: many transfers in flight over reused connections, each
// one part of one outbox row at a time.
#include <curl/curl.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bot/delivery/adapter.h"
#include "bot/store/messages.h"

namespace gridbot::delivery::detail {

struct Target;

// One outbox row on its way out (a split message has several parts).
struct Transfer {
    store::OutboxItem item;
    Target* target = nullptr;          // its queue; targets live as long as the dispatcher
    std::shared_ptr<Adapter> adapter;  // the one it started with, even if a reload drops it
    std::vector<HttpRequest> parts;
    size_t part = 0;
    // The transport's own state for the part in flight.
    CURL* easy = nullptr;
    curl_slist* headers = nullptr;
    std::string body_in;
    std::multimap<std::string, std::string> headers_in;
};

class CurlTransport {
  public:
    CurlTransport(int max_connections, std::chrono::milliseconds timeout);
    ~CurlTransport();
    CurlTransport(const CurlTransport&) = delete;
    CurlTransport& operator=(const CurlTransport&) = delete;

    // Sends the transfer's current part.
    void start(Transfer& tr);
    // Moves the transfers on; `answered` gets each finished part's answer (a
    // transport error is an answer with transport_error set).
    void perform(const std::function<void(Transfer&, HttpResponse)>& answered);
    // Waits up to `wait_ms` for socket activity or wakeup().
    void poll(int wait_ms);
    // From any thread: poll() returns now.
    void wakeup();
    // Takes the transfer's handle back for the next transfer (its last part
    // is no longer in flight); connections stay in the multi's cache.
    void release(Transfer& tr);

  private:
    CURLM* multi_;
    long timeout_ms_;
    std::vector<CURL*> idle_;  // easy handles of finished transfers, reused
};

}  // namespace gridbot::delivery::detail
