#pragma once
// The bare side of the fan-out benchmarks (PERFORMANCE.md): the same POSTs
// sent with nothing but one libcurl multi handle, `in_flight` at a time over
// reused connections. Returns the seconds from the first send to the last answer.
#include <curl/curl.h>

#include <chrono>
#include <string>
#include <vector>

namespace gridbot::bench {

// `urls` holds one URL for every body, or a single URL for all of them.
inline double bare_curl_post(const std::vector<std::string>& urls,
                             const std::vector<std::string>& bodies, int in_flight) {
    auto discard = +[](char*, size_t s, size_t n, void*) -> size_t { return s * n; };
    CURLM* multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, static_cast<long>(in_flight));
    std::vector<CURL*> idle;
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Expect:");
    const size_t total = bodies.size();
    size_t next = 0, done = 0;
    int running = 0;
    auto start = std::chrono::steady_clock::now();
    while (done < total) {
        while (running < in_flight && next < total) {
            CURL* e = idle.empty() ? curl_easy_init() : idle.back();
            if (!idle.empty()) idle.pop_back();
            curl_easy_setopt(e, CURLOPT_URL, urls[urls.size() == 1 ? 0 : next].c_str());
            curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
            curl_easy_setopt(e, CURLOPT_POSTFIELDS, bodies[next].c_str());
            curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, discard);
            curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
            curl_multi_add_handle(multi, e);
            ++next;
            ++running;
        }
        int still = 0;
        curl_multi_perform(multi, &still);
        int q = 0;
        while (CURLMsg* m = curl_multi_info_read(multi, &q)) {
            if (m->msg != CURLMSG_DONE) continue;
            curl_multi_remove_handle(multi, m->easy_handle);
            idle.push_back(m->easy_handle);
            ++done;
            --running;
        }
        if (done < total) curl_multi_poll(multi, nullptr, 0, 10, nullptr);
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (CURL* e : idle) curl_easy_cleanup(e);
    curl_slist_free_all(headers);
    curl_multi_cleanup(multi);
    return secs;
}

}  // namespace gridbot::bench
