// Status and Result<T>: how library code reports errors (no exceptions past lib/).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace tweetmap {

/// Broad classes of failure; tools map them to exit codes (kUsage -> 2, kBudgetSpent -> 3,
/// others -> 1).
enum class ErrorCode {
  kOk = 0,
  kUsage,
  kIo,
  kParse,
  kNetwork,
  kAuth,
  kKafka,
  kInterrupted,
  kInternal,
  kClosed,      ///< the output pipe was closed by the reader: end quietly
  kBudgetSpent  ///< tweet-stream x: the read budget is spent (not an error; exit 3)
};

/// A success or an error code with a one-line, human-readable message.
/// Cheap to copy on success; thread-compatible (no shared state). [[nodiscard]]: a Status
/// returned by a call must be looked at; where ignoring one is right, say so with (void) and a
/// comment.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status ok() { return {}; }
  bool is_ok() const { return code_ == ErrorCode::kOk; }
  explicit operator bool() const { return is_ok(); }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
};

/// One helper per error code: `return kafka_error("...")` for Status(ErrorCode::kKafka, "...").
inline Status usage_error(std::string m) { return {ErrorCode::kUsage, std::move(m)}; }
inline Status io_error(std::string m) { return {ErrorCode::kIo, std::move(m)}; }
inline Status parse_error(std::string m) { return {ErrorCode::kParse, std::move(m)}; }
inline Status network_error(std::string m) { return {ErrorCode::kNetwork, std::move(m)}; }
inline Status auth_error(std::string m) { return {ErrorCode::kAuth, std::move(m)}; }
inline Status kafka_error(std::string m) { return {ErrorCode::kKafka, std::move(m)}; }
inline Status interrupted_error(std::string m) { return {ErrorCode::kInterrupted, std::move(m)}; }
inline Status internal_error(std::string m) { return {ErrorCode::kInternal, std::move(m)}; }
inline Status closed_error(std::string m) { return {ErrorCode::kClosed, std::move(m)}; }
inline Status budget_spent_error(std::string m) { return {ErrorCode::kBudgetSpent, std::move(m)}; }

/// A value or a non-ok Status. [[nodiscard]] like Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}  // NOLINT: implicit by design
  bool is_ok() const { return value_.has_value(); }
  explicit operator bool() const { return is_ok(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace tweetmap
