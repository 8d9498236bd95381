#include <doctest/doctest.h>

#include "bot/core/crypto.h"

using namespace gridbot::crypto;

TEST_CASE("crypto: sha1 and sha256 known answers") {
    CHECK(hex(sha1("abc")) == "a9993e364706816aba3e25717850c26c9cd0d89d");
    CHECK(hex(sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(hex(sha256("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("crypto: hmac_sha256 RFC 4231 cases 1 and 2") {
    CHECK(hex(hmac_sha256("Jefe", "what do ya want for nothing?")) ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    CHECK(hex(hmac_sha256(std::string(20, '\x0b'), "Hi There")) ==
          "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    CHECK(hmac_sha256("", "").size() == 32);
}

TEST_CASE("crypto: hex round trip and rejects") {
    CHECK(hex(std::string("\x00\xff\x10", 3)) == "00ff10");
    CHECK(from_hex("00FF10") == std::string("\x00\xff\x10", 3));
    CHECK_FALSE(from_hex("abc"));
    CHECK_FALSE(from_hex("zz"));
    CHECK(from_hex("") == std::string());
}

TEST_CASE("crypto: base64 RFC 4648 vectors and strict decoding") {
    const char* plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    const char* enc[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
    for (int i = 0; i < 7; ++i) {
        CHECK(base64_encode(plain[i]) == enc[i]);
        CHECK(base64_decode(enc[i]) == std::string(plain[i]));
    }
    for (auto bad : {"Zg=", "Zg", "Z===", "Zm9v!A==", "Zg==Zg==", "Zm=v", "=Zm9", " Zm9v"}) {
        CHECK_MESSAGE(!base64_decode(bad), bad);
    }
}

TEST_CASE("crypto: aes-256-cbc NIST SP 800-38A F.2.5 and size checks") {
    auto key = *from_hex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
    auto iv = *from_hex("000102030405060708090a0b0c0d0e0f");
    auto pt = *from_hex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51");
    auto ct = aes_256_cbc_encrypt(key, iv, pt);
    REQUIRE(ct);
    CHECK(hex(*ct) == "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d");
    CHECK(aes_256_cbc_decrypt(key, iv, *ct) == pt);
    CHECK_FALSE(aes_256_cbc_encrypt(key, iv, "short"));
    CHECK_FALSE(aes_256_cbc_decrypt(key.substr(1), iv, pt));
    CHECK_FALSE(aes_256_cbc_decrypt(key, iv.substr(1), pt));
}

TEST_CASE("crypto: constant_time_equal, random_bytes") {
    CHECK(constant_time_equal("abc", "abc"));
    CHECK_FALSE(constant_time_equal("abc", "abd"));
    CHECK_FALSE(constant_time_equal("abc", "ab"));
    CHECK(constant_time_equal("", ""));
    CHECK(random_bytes(24).size() == 24);
    CHECK(random_bytes(16) != random_bytes(16));
}

TEST_CASE("crypto: url_encode keeps RFC 3986 unreserved, url_decode reverses") {
    CHECK(url_encode("aZ09-._~") == "aZ09-._~");
    CHECK(url_encode("a b+/=") == "a%20b%2B%2F%3D");
    CHECK(url_encode("中") == "%E4%B8%AD");
    CHECK(url_decode("a%20b%2B%2f%3D") == "a b+/=");
    CHECK(url_decode("100%") == "100%");
    CHECK(url_decode("%zz%4") == "%zz%4");
    CHECK(url_decode("a+b") == "a+b");
}
