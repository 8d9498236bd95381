#pragma once
// Speech synthesis with espeak-ng (Debian libespeak-ng-dev): Mandarin from
// pinyin with tone digits (voice cmn-latn-pinyin). Debian's espeak-ng has no
// Mandarin dictionary for most characters (it would spell them as English
// letters), so the text goes through spoken.h first. espeak-ng is a
// process-wide engine: one synthesis at a time.
#include <string>
#include <string_view>

#include "bot/core/error.h"

namespace gridbot::speech {

// A WAV file's bytes (RIFF, PCM 16-bit mono at espeak-ng's rate) of `text`
// (Chinese, with numbers and dates) said slowly and clearly. Fails with
// `speech.unavailable` when espeak-ng or its voice cannot start.
Result<std::string> speak_wav(std::string_view text);

}  // namespace gridbot::speech
