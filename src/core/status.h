// The one status type of the library. Nothing in the library throws; every fallible call returns a
// Status (or a Result<T>), and the CLI turns it into a message and an exit code.
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace eb {

class [[nodiscard]] Status {
 public:
  Status() = default;  // success
  static Status Ok() { return Status(); }
  static Status Error(std::string message) { return Status(std::move(message)); }

  bool ok() const { return !message_.has_value(); }
  // The error message; empty for success.
  const std::string& message() const {
    static const std::string kEmpty;
    return message_ ? *message_ : kEmpty;
  }
  // Prefixes context ("model.tflite: ") to an error; success stays success.
  Status With(const std::string& context) const {
    return ok() ? *this : Status(context + *message_);
  }

 private:
  explicit Status(std::string message) : message_(std::move(message)) {}
  std::optional<std::string> message_;
};

// A value or an error.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}  // NOLINT: must be an error
  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() { return *value_; }
  const T& value() const { return *value_; }
  T* operator->() { return &*value_; }
  T& operator*() { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace eb

#define EB_RETURN_IF_ERROR(expr)          \
  do {                                    \
    ::eb::Status eb_status_ = (expr);     \
    if (!eb_status_.ok()) return eb_status_; \
  } while (0)
