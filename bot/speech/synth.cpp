#include "bot/speech/synth.h"

#include <espeak-ng/speak_lib.h>

#include <cstdint>
#include <mutex>
#include <vector>

#include "bot/speech/spoken.h"

namespace gridbot::speech {

namespace {

std::mutex engine_mu;
std::vector<int16_t>* sink = nullptr;  // the samples of the synthesis in progress

int collect(short* wav, int samples, espeak_EVENT*) {
    if (wav && sink) sink->insert(sink->end(), wav, wav + samples);
    return 0;  // go on
}

// The engine, started once: its sample rate, or 0 when it could not start.
int engine_rate() {
    static const int rate = [] {
        int r = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, espeakINITIALIZE_DONT_EXIT);
        if (r <= 0 || espeak_SetVoiceByName("cmn-latn-pinyin") != EE_OK) return 0;
        espeak_SetSynthCallback(collect);
        espeak_SetParameter(espeakRATE, 140, 0);  // slower than the default 175: for the elderly
        return r;
    }();
    return rate;
}

void put32(std::string& out, uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void put16(std::string& out, uint16_t v) {
    out.push_back(static_cast<char>(v & 0xff));
    out.push_back(static_cast<char>(v >> 8));
}

std::string wav_of(const std::vector<int16_t>& samples, int rate) {
    auto data = static_cast<uint32_t>(samples.size() * 2);
    std::string out = "RIFF";
    put32(out, 36 + data);
    out += "WAVEfmt ";
    put32(out, 16);
    put16(out, 1);  // PCM
    put16(out, 1);  // mono
    put32(out, static_cast<uint32_t>(rate));
    put32(out, static_cast<uint32_t>(rate) * 2);
    put16(out, 2);
    put16(out, 16);
    out += "data";
    put32(out, data);
    for (int16_t s : samples) put16(out, static_cast<uint16_t>(s));
    return out;
}

}  // namespace

Result<std::string> speak_wav(std::string_view text) {
    std::string pinyin = to_pinyin(spoken_chinese(text));
    std::lock_guard lock(engine_mu);
    int rate = engine_rate();
    if (rate == 0)
        return Error{"speech.unavailable",
                     "espeak-ng or its cmn-latn-pinyin voice did not start (espeak-ng-data)"};
    std::vector<int16_t> samples;
    sink = &samples;
    espeak_ERROR e = espeak_Synth(pinyin.c_str(), pinyin.size() + 1, 0, POS_CHARACTER, 0,
                                  espeakCHARS_UTF8, nullptr, nullptr);
    espeak_Synchronize();
    sink = nullptr;
    if (e != EE_OK) return Error{"speech.unavailable", "espeak-ng refused the text"};
    return wav_of(samples, rate);
}

}  // namespace gridbot::speech
