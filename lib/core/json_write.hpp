// Writing JSON: string literals and numbers as every tool writes them (docs/RECORD.md, "Text"),
// and a small writer of compact objects and arrays built on them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tweetmap {

/// Appends `s` as a JSON string literal (quotes included): `"` `\` and the controls \b \f \n \r \t
/// as short escapes, other bytes below 0x20 as \u00XX, everything else as its UTF-8 bytes; invalid
/// UTF-8 is replaced by U+FFFD, so the output is always valid UTF-8 JSON.
void append_json_string(std::string_view s, std::string& out);
/// Appends a double in shortest round-trip form ("13.1576", "-0.5", "1e-07"); -0 -> 0, non-finite
/// -> 0.
void append_json_number(double v, std::string& out);
/// Appends an integer in decimal.
void append_json_int(int64_t v, std::string& out);

/// The same three, written through a pointer into room the caller has made (one resize for many
/// values, as the record writer does); each returns the end of what it wrote.
/// write_json_string needs json_string_bound(s.size()) bytes (every byte escaped as \u00XX),
/// the number writers kJsonNumberBound.
constexpr size_t json_string_bound(size_t n) { return 6 * n + 2; }
constexpr size_t kJsonNumberBound = 32;
char* write_json_string(std::string_view s, char* out);
char* write_json_number(double v, char* out);
char* write_json_int(int64_t v, char* out);

/// Appends one compact JSON value (no whitespace) to a caller's string: objects, arrays, strings,
/// numbers, booleans and null, with the commas between members written for the caller. Keys and
/// strings are escaped with append_json_string, numbers written with append_json_number, so the
/// same calls always give the same bytes. Nesting up to 63 levels. Does not check the grammar
/// (a key outside an object, an unclosed array): the caller's sequence of calls is the document.
/// Not thread-safe; `out` must outlive the writer.
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }
  /// The next member's key (the value follows with one of the calls below).
  JsonWriter& key(std::string_view k);

  JsonWriter& string(std::string_view v);
  JsonWriter& number(double v);
  JsonWriter& integer(int64_t v);
  JsonWriter& boolean(bool v);
  JsonWriter& null();
  /// An already encoded JSON value, copied as it is.
  JsonWriter& raw(std::string_view json);

  /// key(k).string(v): the common case of an object member.
  JsonWriter& field(std::string_view k, std::string_view v) { return key(k).string(v); }

  /// The string written to.
  std::string& out() { return out_; }

 private:
  // A comma before every value but the first of its object or array (and none after a key).
  void separate();
  JsonWriter& open(char c);
  JsonWriter& close(char c);

  std::string& out_;
  uint64_t has_items_ = 0;  // bit d: the container at depth d already holds a value
  int depth_ = 0;
  bool after_key_ = false;
};

}  // namespace tweetmap
