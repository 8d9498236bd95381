#pragma once
// `gridbot notice send` and `gridbot notice status`: clients of the running
// daemon's HTTP API (POST/GET /api/v1/notices), never writers of the database.
// Why over HTTP: the daemon owns the one writer, the dispatcher and the token
// check; a second process writing the file would bypass authorisation and
// the dispatcher's wake-up, and could not report live progress that is the
// dispatcher's real results.
#include <ostream>
#include <string>

namespace gridbot::cli {

struct NoticeRequest {
    std::string config_path;
    std::string url;    // overrides the configuration's server.public_url
    std::string token;  // or the environment variable GRIDBOT_TOKEN
    std::string node, title, body_file;
    std::string audience = "residents";
    std::string kind = "alert";
    int64_t reference = 0;
    int64_t number = 0;
    std::string expires_in;
    bool ack = false;
    bool exercise = false;
    bool no_wait = false;
    int timeout_seconds = 600;  // how long to follow the progress
};

int notice_send(const NoticeRequest& r, std::ostream& out, std::ostream& err);
int notice_status(const NoticeRequest& r, int64_t id, bool as_json, std::ostream& out,
                  std::ostream& err);
// Writes the notice spoken in Mandarin (GET /api/v1/notices/<id>/speech.wav) to `wav_path`.
int notice_speak(const NoticeRequest& r, int64_t id, const std::string& wav_path, std::ostream& out,
                 std::ostream& err);

}  // namespace gridbot::cli
