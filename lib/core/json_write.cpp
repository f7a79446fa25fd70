#include "core/json_write.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>
#include <simdjson.h>
#include <utf8proc.h>

#if defined(__AVX2__)
#include <immintrin.h>
#endif

#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>

namespace tweetmap {

namespace {

constexpr char kHex[] = "0123456789abcdef";

// "00" "01" ... "99".
constexpr auto kDigitPairs = [] {
  std::array<char, 200> t{};
  for (int i = 0; i < 100; ++i) {
    t[2 * i] = static_cast<char>('0' + i / 10);
    t[2 * i + 1] = static_cast<char>('0' + i % 10);
  }
  return t;
}();

// 1 for the bytes a JSON string cannot hold as they are: controls, '"' and '\\'.
constexpr auto kNeedsEscape = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = true;
  t['"'] = t['\\'] = true;
  return t;
}();

constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighBits = 0x8080808080808080ULL;

uint64_t load8(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

// Non-zero when one of the 8 bytes of `w` is below 0x20, '"' or '\\' (exact for the whole word:
// bytes >= 0x80 never count).
uint64_t special_bytes(uint64_t w) {
  uint64_t quote = w ^ (kOnes * '"');
  uint64_t slash = w ^ (kOnes * '\\');
  return ((w - kOnes * 0x20) | (quote - kOnes) | (slash - kOnes)) & ~w & kHighBits;
}

#if defined(__AVX2__)
// Bit i set when byte i of `w` needs an escape: below 0x20 (as unsigned), '"' or '\\'.
uint32_t special_mask32(__m256i w) {
  const __m256i control = _mm256_cmpeq_epi8(_mm256_min_epu8(w, _mm256_set1_epi8(0x1f)), w);
  const __m256i quote = _mm256_cmpeq_epi8(w, _mm256_set1_epi8('"'));
  const __m256i slash = _mm256_cmpeq_epi8(w, _mm256_set1_epi8('\\'));
  return static_cast<uint32_t>(
      _mm256_movemask_epi8(_mm256_or_si256(control, _mm256_or_si256(quote, slash))));
}
#endif

// Offset of the first byte of `s` needing an escape (s.size() when none); when there is none,
// `ascii` tells whether every byte of `s` is ASCII (false otherwise). Strings of 8 bytes and
// more end with one load of their last 8 (32) bytes, overlapping bytes already seen, which
// need no escape: no byte is read outside `s`.
size_t scan_plain(std::string_view s, bool& ascii) {
  const char* p = s.data();
  const size_t n = s.size();
  ascii = false;
#if defined(__AVX2__)
  if (n >= 32) {
    __m256i high = _mm256_setzero_si256();
    for (size_t i = 0; i + 32 <= n; i += 32) {
      const __m256i w = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
      if (uint32_t m = special_mask32(w)) return i + static_cast<size_t>(__builtin_ctz(m));
      high = _mm256_or_si256(high, w);
    }
    const __m256i w = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + n - 32));
    if (uint32_t m = special_mask32(w)) return n - 32 + static_cast<size_t>(__builtin_ctz(m));
    ascii = _mm256_movemask_epi8(_mm256_or_si256(high, w)) == 0;
    return n;
  }
#endif
  if (n >= 8) {
    // The lowest flagged byte of special_bytes() is exact (a borrow only runs upwards).
    uint64_t high = 0;
    for (size_t i = 0; i + 8 <= n; i += 8) {
      const uint64_t w = load8(p + i);
      if (uint64_t m = special_bytes(w)) return i + static_cast<size_t>(__builtin_ctzll(m)) / 8;
      high |= w;
    }
    const uint64_t w = load8(p + n - 8);
    if (uint64_t m = special_bytes(w)) return n - 8 + static_cast<size_t>(__builtin_ctzll(m)) / 8;
    ascii = ((high | w) & kHighBits) == 0;
    return n;
  }
  unsigned char high = 0;
  for (size_t i = 0; i < n; ++i) {
    auto c = static_cast<unsigned char>(p[i]);
    if (kNeedsEscape[c]) return i;
    high |= c;
  }
  ascii = high < 0x80;
  return n;
}

// Escapes an already valid UTF-8 string body (no quotes) into `out`; `from` is where the first
// byte needing an escape is (s.size() when there is none). Returns the end.
char* write_escaped_valid(std::string_view s, size_t from, char* out) {
  auto put = [&out](std::string_view piece) {
    std::memcpy(out, piece.data(), piece.size());
    out += piece.size();
  };
  size_t run = 0;
  for (size_t i = from; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (!kNeedsEscape[c]) continue;
    put(s.substr(run, i - run));
    run = i + 1;
    switch (c) {
      case '"':
        put("\\\"");
        break;
      case '\\':
        put("\\\\");
        break;
      case '\n':
        put("\\n");
        break;
      case '\r':
        put("\\r");
        break;
      case '\t':
        put("\\t");
        break;
      case '\b':
        put("\\b");
        break;
      case '\f':
        put("\\f");
        break;
      default: {
        const char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xf]};
        put(std::string_view(esc, 6));
      }
    }
  }
  put(s.substr(run));
  return out;
}

// Replaces each invalid UTF-8 sequence by U+FFFD.
std::string repair_utf8(std::string_view s) {
  std::string fixed;
  fixed.reserve(s.size() + 8);
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(s.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) {
      fixed += "\xEF\xBF\xBD";
      n = 1;
    } else {
      fixed.append(reinterpret_cast<const char*>(p), static_cast<size_t>(n));
    }
    p += n;
    left -= n;
  }
  return fixed;
}

}  // namespace

char* write_json_int(int64_t v, char* out) {
  return std::to_chars(out, out + kJsonNumberBound, v).ptr;
}

void append_json_int(int64_t v, std::string& out) {
  char buf[kJsonNumberBound];
  out.append(buf, static_cast<size_t>(write_json_int(v, buf) - buf));
}

char* write_json_string(std::string_view s, char* out) {
  bool ascii = true;
  size_t special = scan_plain(s, ascii);
  *out++ = '"';
  if (ascii && special == s.size()) {
    // The common case: plain ASCII, copied in one go.
    std::memcpy(out, s.data(), s.size());
    out += s.size();
  } else if (simdjson::validate_utf8(s.data(), s.size())) {
    out = write_escaped_valid(s, special, out);
  } else {
    // Each invalid byte becomes three (U+FFFD): still within json_string_bound.
    std::string fixed = repair_utf8(s);
    out = write_escaped_valid(fixed, 0, out);
  }
  *out++ = '"';
  return out;
}

void append_json_string(std::string_view s, std::string& out) {
  size_t at = out.size();
  out.resize(at + json_string_bound(s.size()));
  char* end = write_json_string(s, out.data() + at);
  out.resize(static_cast<size_t>(end - out.data()));
}

namespace {

// Coordinates have few decimals. When v is the double nearest to a decimal with at most 8
// fractional digits (n / 10^8, checked by dividing back: the division rounds exactly as parsing
// the decimal would), and |v| < 10^6 (so that two such decimals are further apart than two
// doubles), that decimal is v's unique shortest round-trip form. It is written here directly in
// the fixed notation fmt uses for 10^-4 <= |v| < 10^16, so the text is the same as fmt's. Null
// when v is not such a number.
char* write_short_decimal(double v, char* out) {
  constexpr double kScale = 1e8;
  constexpr int kDigits = 8;
  double a = std::fabs(v);
  if (!(a >= 1e-4 && a < 1e6)) return nullptr;
  double scaled = std::nearbyint(a * kScale);
  if (scaled / kScale != a) return nullptr;
  auto n = static_cast<uint64_t>(scaled);
  uint64_t whole = n / 100000000, frac = n % 100000000;
  if (v < 0) *out++ = '-';
  out = std::to_chars(out, out + 8, whole).ptr;
  if (frac == 0) return out;
  *out++ = '.';
  // All eight fractional digits, two at a time, then the trailing zeros dropped (frac > 0).
  auto f = static_cast<uint32_t>(frac);
  for (int i = kDigits - 2; i >= 0; i -= 2) {
    std::memcpy(out + i, kDigitPairs.data() + 2 * (f % 100), 2);
    f /= 100;
  }
  // The trailing zeros: the '0' bytes at the top of the eight read as a little-endian word.
  if constexpr (std::endian::native == std::endian::little) {
    const uint64_t nonzero = load8(out) ^ (kOnes * '0');  // not 0: frac > 0
    return out + kDigits - __builtin_clzll(nonzero) / 8;
  } else {
    int digits = kDigits;
    while (out[digits - 1] == '0') --digits;
    return out + digits;
  }
}

}  // namespace

char* write_json_number(double v, char* out) {
  if (!std::isfinite(v)) v = 0;
  if (v == 0) v = 0;  // normalizes -0 to 0
  char* end = write_short_decimal(v, out);
  // The compiled "{}" gives the same shortest round-trip text as the runtime one, without
  // parsing the format string for every number (at most 24 characters).
  if (end == nullptr) end = fmt::format_to(out, FMT_COMPILE("{}"), v);
  return end;
}

void append_json_number(double v, std::string& out) {
  char buf[kJsonNumberBound];
  out.append(buf, static_cast<size_t>(write_json_number(v, buf) - buf));
}

void JsonWriter::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  const uint64_t bit = uint64_t{1} << depth_;
  if (has_items_ & bit) out_ += ',';
  has_items_ |= bit;
}

JsonWriter& JsonWriter::open(char c) {
  separate();
  out_ += c;
  ++depth_;
  has_items_ &= ~(uint64_t{1} << depth_);
  return *this;
}

JsonWriter& JsonWriter::close(char c) {
  out_ += c;
  --depth_;
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view k) {
  separate();
  append_json_string(k, out_);
  out_ += ':';
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::string(std::string_view v) {
  separate();
  append_json_string(v, out_);
  return *this;
}

JsonWriter& JsonWriter::number(double v) {
  separate();
  append_json_number(v, out_);
  return *this;
}

JsonWriter& JsonWriter::integer(int64_t v) {
  separate();
  append_json_int(v, out_);
  return *this;
}

JsonWriter& JsonWriter::boolean(bool v) {
  separate();
  out_ += v ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  separate();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  separate();
  out_ += json;
  return *this;
}

}  // namespace tweetmap
