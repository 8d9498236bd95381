// POST/GET /hooks/<channel>: every platform's inbound route. Verification runs
// first (in the adapter); nothing unverified is recorded or reaches the
// conversation. A verified message is answered only after it is committed.
#include <spdlog/spdlog.h>

#include <map>
#include <string_view>

#include "bot/app/daemon.h"

namespace gridbot::app {

// Records a verified request's messages with what the quick path understood
// (one commit), counts the reports it stored and wakes the conversation for
// the rest. "recorded" when every message was new, else "repeat".
const char* Daemon::take_messages(const std::string& channel, delivery::Adapter& adapter,
                                  std::vector<InboundMessage>& messages, int64_t now) {
    std::vector<store::Messages::Arrival> arrivals;
    for (auto& m : messages) {
        m.channel = channel;
        adapter.restore_reply_context(m);
        auto zero = quick_->zero_report(m, now);
        arrivals.push_back({std::move(m), std::move(zero)});
    }
    auto recorded = messages_->record_inbound(std::move(arrivals), now).get();
    size_t n_new = 0, n_left = 0;
    for (size_t i = 0; i < recorded.size(); ++i) {
        if (!recorded[i].fresh) continue;
        ++n_new;
        if (recorded[i].reported) {
            quick_->stored(recorded[i]);
        } else {
            ++n_left;
        }
    }
    if (n_left > 0) conversation_->notify();
    return n_new == recorded.size() ? "recorded" : "repeat";
}

void Daemon::add_hook_routes() {
    // Each channel's "recorded" counter, found once: it is counted on every message of a burst.
    std::map<std::string, Counter*> recorded_counters;
    for (const auto& [name, route] : *channels_.snapshot()) {
        recorded_counters[name] =
            &metrics_.counter("gridbot_inbound_total", "inbound requests by channel and verdict",
                              {{"channel", name}, {"verdict", "recorded"}});
    }
    auto handler = [this, recorded_counters = std::move(recorded_counters)](
                       const http::Request& req, http::Response& res) {
        const std::string& name = req.captures.at(0);
        // The request keeps its snapshot, and so its adapter, even if a reload
        // replaces the table meanwhile.
        auto routes = channels_.snapshot();
        auto found = routes->find(name);
        if (found == routes->end()) return res.error(404, "not_found", "no channel " + name);
        delivery::Adapter& adapter = *found->second.adapter;
        delivery::InboundRequest in;
        in.method = req.method;
        in.path = req.path;
        in.body = req.body;
        in.headers = req.headers;
        in.query = req.query;
        in.now = unix_seconds(clock_->now());
        delivery::InboundResult r = adapter.inbound(in);
        auto count = [&](const char* verdict) {
            auto c = recorded_counters.find(name);
            if (c != recorded_counters.end() && std::string_view(verdict) == "recorded")
                return c->second->inc();
            metrics_
                .counter("gridbot_inbound_total", "inbound requests by channel and verdict",
                         {{"channel", name}, {"verdict", verdict}})
                .inc();
        };
        switch (r.verdict) {
            case delivery::InboundVerdict::Refused:
                count("refused");
                spdlog::warn("event=inbound_refused channel={} remote={} reason=\"{}\"", name,
                             req.remote_addr, r.reason);
                if (r.response.status < 400) r.response.status = 401;
                if (r.response.body.empty()) {
                    return res.error(r.response.status,
                                     r.response.status == 401 ? "unauthorized" : "forbidden",
                                     "request failed verification");
                }
                break;
            case delivery::InboundVerdict::Malformed:
                count("malformed");
                spdlog::warn("event=inbound_malformed channel={} reason=\"{}\"", name, r.reason);
                if (r.response.status < 400) r.response.status = 400;
                if (r.response.body.empty())
                    return res.error(400, "bad_request", "unreadable message");
                break;
            case delivery::InboundVerdict::Handshake:
                count("handshake");
                break;
            case delivery::InboundVerdict::Ignored:
                count("ignored");
                break;
            case delivery::InboundVerdict::Message:
                count(take_messages(name, adapter, r.messages, in.now));
                break;
        }
        res.status = r.response.status;
        res.body = r.response.body;
        res.content_type = r.response.content_type;
    };
    server_->route("POST", R"(/hooks/([A-Za-z0-9_.-]+))", "/hooks/:channel", handler);
    server_->route("GET", R"(/hooks/([A-Za-z0-9_.-]+))", "/hooks/:channel", handler);
}

}  // namespace gridbot::app
