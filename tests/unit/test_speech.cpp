// A spoken version of every notice (issue 16 item 5): the text as it is said
// (numbers, dates, times, phones), as pinyin, and as a WAV from espeak-ng.
#include <cstring>

#include "bot/speech/readings.h"
#include "bot/speech/spoken.h"
#include "bot/speech/synth.h"
#include "notice_district.h"

using namespace gridbot;

namespace {

struct Wav {
    uint16_t format = 0, channels = 0, bits = 0;
    uint32_t rate = 0, data = 0;
    double seconds() const { return rate ? data / 2.0 / rate : 0; }
};

uint32_t le32(const std::string& b, size_t at) {
    uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b[at + i]);
    return v;
}

// The header of a canonical 44-byte-header WAV, checked for size consistency.
Wav parse_wav(const std::string& b) {
    REQUIRE(b.size() >= 44);
    REQUIRE(b.compare(0, 4, "RIFF") == 0);
    REQUIRE(b.compare(8, 8, "WAVEfmt ") == 0);
    REQUIRE(b.compare(36, 4, "data") == 0);
    CHECK(le32(b, 4) == b.size() - 8);
    Wav w;
    w.format = static_cast<uint16_t>(le32(b, 20) & 0xffff);
    w.channels = static_cast<uint16_t>(le32(b, 20) >> 16);
    w.rate = le32(b, 24);
    w.bits = static_cast<uint16_t>(le32(b, 32) >> 16);
    w.data = le32(b, 40);
    CHECK(w.data == b.size() - 44);
    return w;
}

}  // namespace

TEST_CASE("speech: numbers, dates, times and phones are written out as they are said") {
    // Proves the normaliser says quantities as numbers, phones digit by digit (1 as 幺),
    // dates with the year digit by digit, times as 点/分, and drops Markdown marks.
    CHECK(speech::chinese_number(0) == "〇");
    CHECK(speech::chinese_number(12) == "十二");
    CHECK(speech::chinese_number(305) == "三百零五");
    CHECK(speech::chinese_number(2026) == "两千零二十六");
    CHECK(speech::chinese_number(10010) == "一万零一十");
    CHECK(speech::spoken_chinese("2026-12-05 08:30") == "二〇二六年十二月五日 八点三十分");
    CHECK(speech::spoken_chinese("2026年12月5日14:00前") == "二〇二六年十二月五日十四点整前");
    CHECK(speech::spoken_chinese("拨打13904511003") == "拨打幺三九〇四五幺幺〇〇三");
    CHECK(speech::spoken_chinese("体温38.5度，第74号，完成率95%") ==
          "体温三十八点五度，第七十四号，完成率百分之九十五");
    CHECK(speech::spoken_chinese("**请各户**今日完成") == "请各户今日完成");
}

TEST_CASE("speech: characters become pinyin with tone digits from the packaged readings") {
    // Proves the reading table holds the usual readings and the text becomes the pinyin
    // espeak-ng's Mandarin voice reads, with punctuation as pauses.
    CHECK(speech::reading(U'关') == "guan1");
    CHECK(speech::reading(U'绿') == "lv4");
    CHECK(speech::reading(U'a').empty());
    CHECK(speech::to_pinyin("关于做好通知。请核酸") ==
          "guan1 yu2 zuo4 hao3 tong1 zhi1. qing3 he2 suan1 ");
}

TEST_CASE("speech: a notice becomes a valid WAV whose length follows its text") {
    // Proves speak_wav gives 16-bit mono PCM with a consistent header, of a plausible
    // duration per syllable, and that a longer text takes longer to say.
    auto short_one = speech::speak_wav("通知：今日十二点前完成零报告。");
    REQUIRE_MESSAGE(short_one, short_one.error().to_string());
    Wav a = parse_wav(short_one.value());
    CHECK(a.format == 1);
    CHECK(a.channels == 1);
    CHECK(a.bits == 16);
    CHECK(a.rate >= 16000);
    // 14 syllables: between 0.1 s and 0.6 s each.
    CHECK(a.seconds() > 1.4);
    CHECK(a.seconds() < 8.4);
    auto long_one = speech::speak_wav(
        "关于做好居家防护的通知：请各户今日十二点前完成零报告，明天上午八点在小区门口做核酸检测，"
        "有发热咳嗽请联系网格长。");
    REQUIRE(long_one);
    CHECK(parse_wav(long_one.value()).seconds() > a.seconds() * 2);
}

TEST_CASE("speech: GET …/speech.wav and gridbot notice speak, for the notice's subtree only") {
    // Proves the daemon answers a notice as audio/wav to its issuer's token, refuses a token
    // outside its subtree, and the CLI writes the same WAV to a file.
    test::notices::District d;
    d.start();
    auto [status, made] = d.issue({{"node", "nangang/xianfeng"},
                                   {"title", "关于做好居家防护的通知"},
                                   {"body", "请各户2026-12-05 12:00前完成零报告。"}});
    REQUIRE_MESSAGE(status == 201, made.dump());
    std::string id = std::to_string(made["id"].get<int64_t>());
    auto r = d.http->Get("/api/v1/notices/" + id + "/speech.wav",
                         {{"Authorization", "Bearer " + test::notices::kStreet}});
    REQUIRE(r);
    REQUIRE_MESSAGE(r->status == 200, r->body);
    CHECK(r->get_header_value("Content-Type") == "audio/wav");
    CHECK(parse_wav(r->body).seconds() > 3);
    auto outside = d.http->Get("/api/v1/notices/" + id + "/speech.wav",
                               {{"Authorization", "Bearer " + test::notices::kCommunity}});
    REQUIRE(outside);
    CHECK(outside->status == 403);
    std::string out = d.dir.file("notice.wav");
    auto cli = test::run_command(test::gridbot_binary() + " notice speak " + id +
                                 " --url http://127.0.0.1:" + std::to_string(d.daemon.port()) +
                                 " --token " + test::notices::kStreet + " --out " + out + " 2>&1");
    REQUIRE_MESSAGE(cli.exit_code == 0, cli.out);
    // The same notice again (espeak-ng carries a little intonation state between
    // utterances, so the samples may differ by a few per cent).
    double again = parse_wav(test::read_file(out)).seconds();
    CHECK(again == doctest::Approx(parse_wav(r->body).seconds()).epsilon(0.05));
    CHECK(d.daemon.stop() == 0);
}
