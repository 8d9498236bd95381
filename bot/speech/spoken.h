#pragma once
// A notice as a listener should hear it (issue 16 item 5: 喊楼 rounds and phone
// relays to elderly people): Markdown marks dropped; dates, times, phone
// numbers and quantities written out the way they are said; then the whole as
// pinyin with tone digits, which espeak-ng's Mandarin voice reads reliably.
#include <string>
#include <string_view>

namespace gridbot::speech {

// "2026-12-05 08:30 拨打13904511003，38.5度" ->
// "二〇二六年十二月五日 八点三十分 拨打幺三九〇四五幺幺〇〇三，三十八点五度".
std::string spoken_chinese(std::string_view text);

// "关于通知。" -> "guan1 yu2 tong1 zhi1 . " (characters without a reading are
// kept when they are ASCII letters, otherwise dropped; punctuation is a pause).
std::string to_pinyin(std::string_view chinese);

// An integer said in Chinese: 12 -> "十二", 305 -> "三百零五", 2000 -> "两千".
std::string chinese_number(long long n);

}  // namespace gridbot::speech
