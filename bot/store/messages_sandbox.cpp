// The sandbox platform's transcripts (DESIGN §9): what members and the bot
// said in each sandbox group, written through the writer like every message.
#include <nlohmann/json.hpp>

#include "bot/store/json_columns.h"
#include "bot/store/messages.h"
#include "bot/store/outbox_rows.h"
#include "bot/store/rows.h"
#include "bot/store/writer.h"

namespace gridbot::store {

using detail::Db;
using nlohmann::json;

namespace {
// A member's line of a sandbox transcript; its seq is the row id.
int64_t insert_member_line(Db& db, const std::string& channel, const std::string& group,
                           const std::string& sender, const std::string& name,
                           const std::string& text, int64_t time) {
    return db
        .prepare(
            "INSERT INTO sandbox_messages(channel, group_id, sender, name, text, time, from_bot) "
            "VALUES (?, ?, ?, ?, ?, ?, 0) RETURNING seq")
        .bind(1, channel)
        .bind(2, group)
        .bind(3, sender)
        .bind(4, name)
        .bind(5, text)
        .bind(6, time)
        .exec_returning_id();
}
}  // namespace

std::future<int64_t> Messages::sandbox_post(const std::string& channel, const std::string& group,
                                            const std::string& sender, const std::string& name,
                                            const std::string& text, int64_t time) {
    return store_.writer().submit(
        [=](Db& db) { return insert_member_line(db, channel, group, sender, name, text, time); });
}

std::future<int64_t> Messages::sandbox_receive(const std::string& channel, const std::string& group,
                                               const std::string& sender, const std::string& name,
                                               const std::string& text, int64_t time) {
    return store_.writer().submit([=](Db& db) {
        int64_t seq = insert_member_line(db, channel, group, sender, name, text, time);
        InboundMessage m;
        m.channel = channel;
        m.message_id = "sandbox:" + std::to_string(seq);
        m.group = group;
        m.sender_id = sender;
        m.sender_name = name;
        m.text = text;
        m.time = time;
        detail::insert_inbound(db, m, time, std::nullopt);
        return seq;
    });
}

std::vector<SandboxLine> Messages::sandbox_lines(const std::string& group, int64_t after,
                                                 size_t limit) {
    return store_.readers().with([&](Db& db) {
        std::vector<SandboxLine> out;
        auto& q = db.prepare(
            "SELECT seq, group_id, sender, name, text, time, from_bot FROM sandbox_messages "
            "WHERE group_id = ? AND seq > ? ORDER BY seq LIMIT ?");
        q.bind(1, group).bind(2, after).bind(3, static_cast<int64_t>(limit));
        while (q.step()) {
            out.push_back(
                {q.i64(0), q.text(1), q.text(2), q.text(3), q.text(4), q.i64(5), q.i32(6) != 0});
        }
        return out;
    });
}

}  // namespace gridbot::store
