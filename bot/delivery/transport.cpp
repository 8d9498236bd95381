#include "bot/delivery/transport.h"

#include <algorithm>

namespace gridbot::delivery::detail {

namespace {

size_t on_body(char* p, size_t size, size_t n, void* user) {
    static_cast<Transfer*>(user)->body_in.append(p, size * n);
    return size * n;
}

size_t on_header(char* p, size_t size, size_t n, void* user) {
    std::string_view line(p, size * n);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name(line.substr(0, colon));
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        std::string_view value = line.substr(colon + 1);
        auto b = value.find_first_not_of(" \t");
        auto e = value.find_last_not_of(" \t\r\n");
        value = b == std::string::npos ? std::string_view() : value.substr(b, e - b + 1);
        static_cast<Transfer*>(user)->headers_in.emplace(std::move(name), std::string(value));
    }
    return size * n;
}

}  // namespace

CurlTransport::CurlTransport(int max_connections, std::chrono::milliseconds timeout)
    : multi_(curl_multi_init()), timeout_ms_(static_cast<long>(timeout.count())) {
    curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, static_cast<long>(max_connections));
}

CurlTransport::~CurlTransport() {
    for (CURL* e : idle_) curl_easy_cleanup(e);
    curl_multi_cleanup(multi_);
}

void CurlTransport::start(Transfer& tr) {
    const HttpRequest& req = tr.parts[tr.part];
    tr.body_in.clear();
    tr.headers_in.clear();
    if (!tr.easy) {
        if (idle_.empty()) {
            tr.easy = curl_easy_init();
        } else {
            tr.easy = idle_.back();
            idle_.pop_back();
        }
    }
    curl_easy_reset(tr.easy);
    if (tr.headers) curl_slist_free_all(tr.headers);
    tr.headers = nullptr;
    for (const auto& [k, v] : req.headers)
        tr.headers = curl_slist_append(tr.headers, (k + ": " + v).c_str());
    tr.headers = curl_slist_append(tr.headers, "Expect:");
    curl_easy_setopt(tr.easy, CURLOPT_URL, req.url.c_str());
    curl_easy_setopt(tr.easy, CURLOPT_HTTPHEADER, tr.headers);
    if (req.method == "POST") {
        curl_easy_setopt(tr.easy, CURLOPT_POSTFIELDS, req.body.c_str());
        curl_easy_setopt(tr.easy, CURLOPT_POSTFIELDSIZE_LARGE,
                         static_cast<curl_off_t>(req.body.size()));
    }
    curl_easy_setopt(tr.easy, CURLOPT_TIMEOUT_MS, timeout_ms_);
    curl_easy_setopt(tr.easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(tr.easy, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(tr.easy, CURLOPT_WRITEDATA, &tr);
    curl_easy_setopt(tr.easy, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(tr.easy, CURLOPT_HEADERDATA, &tr);
    curl_easy_setopt(tr.easy, CURLOPT_PRIVATE, &tr);
    curl_easy_setopt(tr.easy, CURLOPT_TCP_NODELAY, 1L);
    curl_multi_add_handle(multi_, tr.easy);
}

void CurlTransport::perform(const std::function<void(Transfer&, HttpResponse)>& answered) {
    int running = 0;
    curl_multi_perform(multi_, &running);
    int queued = 0;
    while (CURLMsg* m = curl_multi_info_read(multi_, &queued)) {
        if (m->msg != CURLMSG_DONE) continue;
        Transfer* tr = nullptr;
        curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &tr);
        HttpResponse resp;
        if (m->data.result == CURLE_OK) {
            curl_easy_getinfo(m->easy_handle, CURLINFO_RESPONSE_CODE, &resp.status);
            resp.body = std::move(tr->body_in);
            resp.headers = std::move(tr->headers_in);
        } else {
            resp.transport_error = curl_easy_strerror(m->data.result);
        }
        curl_multi_remove_handle(multi_, tr->easy);
        answered(*tr, std::move(resp));
    }
}

void CurlTransport::poll(int wait_ms) { curl_multi_poll(multi_, nullptr, 0, wait_ms, nullptr); }

void CurlTransport::wakeup() { curl_multi_wakeup(multi_); }

void CurlTransport::release(Transfer& tr) {
    if (tr.easy) idle_.push_back(tr.easy);
    if (tr.headers) curl_slist_free_all(tr.headers);
    tr.easy = nullptr;
    tr.headers = nullptr;
}

}  // namespace gridbot::delivery::detail
