#pragma once
// Expected failures are values (STYLE.md): an Error carries a stable id such as
// "config.bad_duration" that tests and docs refer to, and a human message that
// names where (file:line, key, column) and what was expected versus found.
#include <string>
#include <utility>
#include <variant>

namespace gridbot {

struct Error {
    std::string id;       // stable, dotted: "ledger.bad_phone"
    std::string message;  // "ledger.csv:17: 电话: expected 11 digits, got \"1380013\""
    std::string to_string() const { return "[" + id + "] " + message; }
};

// A value or an Error. Deliberately tiny: we need no monadic chaining.
template <typename T>
class [[nodiscard]] Result {
  public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error e) : v_(std::move(e)) {}
    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<0>(v_); }
    const T& value() const { return std::get<0>(v_); }
    T& operator*() { return value(); }
    T* operator->() { return &value(); }
    const Error& error() const { return std::get<1>(v_); }

  private:
    std::variant<T, Error> v_;
};

// Mixed into an exception thrown because something an answer needs is away
// for now (the database server restarting): the HTTP server answers such a
// request 503 with Retry-After, so a platform retries it later, instead of 500.
struct Unavailable {
    virtual ~Unavailable() = default;
};

}  // namespace gridbot
