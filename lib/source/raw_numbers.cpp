#include "source/raw_numbers.hpp"

#include <bit>
#include <cstdint>
#include <cstring>

namespace tweetmap::json {

namespace {

inline bool is_digit(char c) { return static_cast<unsigned char>(c - '0') < 10; }

// JSON white space (RFC 8259: space, tab, line feed, carriage return).
inline const char* skip_space(const char* p) {
  while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t') ++p;
  return p;
}

// The digits at `p` (up to the first other byte) appended to `value` (modulo 2^64: only used
// while there are at most 19); returns the byte after them. A loop per digit, whose exit the
// branch predictor learns, is faster here than eight bytes at a time: that makes the start of
// the next number wait for this one's digit count.
inline const char* take_digits(const char* p, uint64_t& value) {
  for (; is_digit(*p); ++p) value = value * 10 + static_cast<unsigned>(*p - '0');
  return p;
}

// read_raw_number, inlined into the array readers (a call per number costs about 5%).
[[gnu::always_inline]] inline const char* scan_number(const char* p, double& out) {
  const bool negative = *p == '-';
  if (negative) ++p;
  // The digits as one integer (exact while there are at most 19 of them) and the power of ten.
  uint64_t digits = 0;
  const char* int_start = p;
  p = take_digits(p, digits);
  if (p == int_start || (*int_start == '0' && p - int_start > 1)) return nullptr;
  int count = static_cast<int>(p - int_start), exp10 = 0;
  if (*p == '.') {
    const char* frac = p + 1;
    p = take_digits(frac, digits);
    if (p == frac) return nullptr;
    count += static_cast<int>(p - frac);
    exp10 = -static_cast<int>(p - frac);
  }
  if (*p == 'e' || *p == 'E') {
    ++p;
    const bool minus = *p == '-';
    if (*p == '+' || *p == '-') ++p;
    if (!is_digit(*p)) return nullptr;
    int e = 0;
    for (; is_digit(*p); ++p)
      if (e < 100000) e = e * 10 + (*p - '0');
    exp10 += minus ? -e : e;
  }
  // Clinger's fast path, the one simdjson's get_double takes for these numbers (the same
  // operations, so the same bits): an integer below 2^53 and a power of ten up to 10^22 are
  // exact doubles, so one multiplication or division rounds correctly. Anything else is left to
  // simdjson, whose answer (including its known errors on numbers of more than 19 digits) stands.
  static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                      1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  if (count > 19 || digits >= (uint64_t{1} << 53) || exp10 < -22 || exp10 > 22) return nullptr;
  double d = static_cast<double>(digits);
  d = exp10 < 0 ? d / kPow10[-exp10] : d * kPow10[exp10];
  out = negative ? -d : d;
  return p;
}

}  // namespace

const char* read_raw_number(const char* p, double& out) { return scan_number(p, out); }

namespace {

// read_raw_pair; `first` and `second` read the two numbers (scan_number, or in a ring a reader
// that first compares with the point before).
template <typename ReadFirst, typename ReadSecond>
[[gnu::always_inline]] inline const char* scan_pair(const char* p, double& a, double& b,
                                                    ReadFirst first, ReadSecond second) {
  if (*p != '[') return nullptr;
  p = first(skip_space(p + 1), a);
  if (p == nullptr) return nullptr;
  p = skip_space(p);
  if (*p != ',') return nullptr;
  p = second(skip_space(p + 1), b);
  if (p == nullptr) return nullptr;
  p = skip_space(p);
  return *p == ']' ? p + 1 : nullptr;
}

// A number already read: its text and the byte after it (`len` bytes in all, 2 to 16).
struct Seen {
  const char* text = nullptr;
  size_t len = 0;
  double value = 0;
};

inline uint64_t load8(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

// True when the `len` bytes at `p` and at `seen.text` are the same: the number at `p` is written
// exactly as the seen one and ends with the same byte, which is not part of a number (it ended
// the seen one's scan), so it has the seen one's value. Both lie in the line, which
// SIMDJSON_PADDING readable bytes follow: 16 bytes from either can be read. Little-endian: the
// bytes from `len` on are the high bytes of the words, shifted out.
[[gnu::always_inline]] inline bool same_number(const char* p, const Seen& seen) {
  if (seen.text == nullptr) return false;
  const uint64_t lo = load8(p) ^ load8(seen.text);
  if (seen.len <= 8) return (lo << (64 - 8 * seen.len)) == 0;
  const uint64_t hi = load8(p + 8) ^ load8(seen.text + 8);
  return lo == 0 && (hi << (128 - 8 * seen.len)) == 0;
}

// scan_number, or the value of `seen` when the number at `p` is written the same (X's boxes are
// rectangles: [[a,b],[a,d],[c,d],[c,b]] repeats three of the eight numbers of the point before).
[[gnu::always_inline]] inline const char* scan_or_reuse(const char* p, Seen& seen, double& out) {
  if constexpr (std::endian::native == std::endian::little) {
    if (same_number(p, seen)) {
      out = seen.value;
      return p + seen.len - 1;
    }
    const char* end = scan_number(p, out);
    if (end != nullptr) {
      const auto len = static_cast<size_t>(end - p) + 1;  // and the byte that ended it
      seen = len <= 16 ? Seen{p, len, out} : Seen{};
    }
    return end;
  } else {
    return scan_number(p, out);
  }
}

}  // namespace

const char* read_raw_pair(const char* p, double& a, double& b) {
  return scan_pair(p, a, b, scan_number, scan_number);
}

const char* read_raw_ring(const char* p, double* lon, double* lat, int max, int& n) {
  if (*p != '[') return nullptr;
  p = skip_space(p + 1);
  if (*p != '[') return nullptr;
  p = skip_space(p + 1);
  int count = 0;
  Seen seen_lon, seen_lat;  // the point before's
  while (true) {
    double x = 0, y = 0;
    p = scan_pair(
        p, x, y, [&](const char* q, double& v) { return scan_or_reuse(q, seen_lon, v); },
        [&](const char* q, double& v) { return scan_or_reuse(q, seen_lat, v); });
    if (p == nullptr) return nullptr;
    if (count < max) {
      lon[count] = x;
      lat[count] = y;
      ++count;
    }
    p = skip_space(p);
    if (*p == ']') break;
    if (*p != ',') return nullptr;
    p = skip_space(p + 1);
  }
  p = skip_space(p + 1);
  if (*p != ']') return nullptr;  // holes (or anything else) are left to simdjson
  n = count;
  return p + 1;
}

}  // namespace tweetmap::json
