#include "bot/delivery/commit_rounds.h"

#include <spdlog/spdlog.h>

namespace gridbot::delivery::detail {

void CommitRounds::outcome(store::Completion c, const std::string& channel) {
    done_.push_back(std::move(c));
    done_channels_.push_back(channel);
}

void CommitRounds::picked(std::unique_ptr<Transfer> tr) { picked_.push_back(std::move(tr)); }

void CommitRounds::commit(int64_t now_ms) {
    if (rounds_.size() >= kMaxRounds || (done_.empty() && picked_.empty())) return;
    std::vector<int64_t> ids;
    ids.reserve(picked_.size());
    for (auto& tr : picked_) ids.push_back(tr->item.id);
    Round r;
    r.completions = done_;
    r.durable.channels = std::move(done_channels_);
    r.durable.starting = std::move(picked_);
    r.commit = messages_.record_dispatch(std::move(done_), std::move(ids), now_ms);
    done_.clear();
    done_channels_.clear();
    picked_.clear();
    rounds_.push_back(std::move(r));
}

bool CommitRounds::settle(Round& round) {
    try {
        round.commit.get();
        return true;
    } catch (const std::exception& e) {
        spdlog::error("event=dispatch_commit_failed what=\"{}\"", e.what());
        // Nothing of the round was written: it goes again with the next one.
        done_.insert(done_.begin(), round.completions.begin(), round.completions.end());
        done_channels_.insert(done_channels_.begin(), round.durable.channels.begin(),
                              round.durable.channels.end());
        for (auto& tr : round.durable.starting) picked_.push_back(std::move(tr));
        return false;
    }
}

}  // namespace gridbot::delivery::detail
