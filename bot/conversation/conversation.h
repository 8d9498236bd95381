#pragma once
// The conversation: what happens to a message after it is recorded. One
// thread takes recorded, unprocessed messages in arrival order and runs
// identify (sender -> leader or household) -> understand (parser) -> decide ->
// compose (templates) -> outbox. Each message is marked processed in the same
// transaction that queues its replies, so a crash neither loses nor doubles a
// reply.
#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "bot/compose/templates.h"
#include "bot/config/config.h"
#include "bot/core/clock.h"
#include "bot/http/metrics.h"
#include "bot/parse/parser.h"
#include "bot/store/messages.h"

namespace gridbot::conversation {

struct Context {
    store::Store& store;
    store::Messages& messages;
    Clock& clock;
    http::Metrics& metrics;
    std::function<std::shared_ptr<const config::Config>()> config;
    std::function<std::shared_ptr<const parse::Parser>()> parser;
    std::function<std::shared_ptr<const compose::Templates>()> templates;
    std::function<void()> replies_queued;  // wakes the dispatcher
};

class Conversation {
public:
    explicit Conversation(Context ctx);
    ~Conversation();
    void start();
    // Something was recorded: look now.
    void notify();
    void stop();
    uint64_t processed() const { return processed_.load(); }

    // Decides the replies to one message (pure apart from store reads and the
    // binding writes a registration makes). Exposed for tests.
    std::vector<store::OutboxItem> handle(const store::StoredInbound& in);

private:
    void run();

    Context ctx_;
    std::thread thread_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool stopping_ = false;
    bool pending_ = true;
    std::atomic<uint64_t> processed_{0};
};

}  // namespace gridbot::conversation
