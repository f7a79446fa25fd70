#include "core/timestamp.hpp"

#include <array>

namespace tweetmap {

namespace {

constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 7> kWeekdays = {"Mon", "Tue", "Wed", "Thu",
                                                       "Fri", "Sat", "Sun"};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `n` digits at `pos`, advancing it.
bool read_digits(std::string_view s, size_t& pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (!is_digit(c)) return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  pos += n;
  return true;
}

bool expect(std::string_view s, size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

bool is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Combines validated fields; `offset_min` is the zone's offset east of UTC.
std::optional<int64_t> to_ms(int year, int month, int day, int hh, int mm, int ss, int ms,
                             int offset_min) {
  if (month < 1 || month > 12 || day < 1 ||
      static_cast<unsigned>(day) > days_in_month(year, static_cast<unsigned>(month)))
    return std::nullopt;
  // 60 allows a leap second; it folds into the next minute as POSIX time does.
  if (hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  int64_t secs = days * 86400 + hh * 3600 + mm * 60 + ss - static_cast<int64_t>(offset_min) * 60;
  return secs * 1000 + ms;
}

// Parses "+hhmm", "+hh:mm", "+hh" or "Z" at `pos`; sets minutes east of UTC.
bool read_offset(std::string_view s, size_t& pos, bool allow_z, int& offset_min) {
  if (pos >= s.size()) return false;
  if (allow_z && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
    offset_min = 0;
    return true;
  }
  if (s[pos] != '+' && s[pos] != '-') return false;
  int sign = s[pos] == '-' ? -1 : 1;
  ++pos;
  int hh = 0, mm = 0;
  if (!read_digits(s, pos, 2, hh)) return false;
  if (pos < s.size() && s[pos] == ':') ++pos;
  if (pos < s.size() && is_digit(s[pos]) && !read_digits(s, pos, 2, mm)) return false;
  if (hh > 23 || mm > 59) return false;
  offset_min = sign * (hh * 60 + mm);
  return true;
}

}  // namespace

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  // Howard Hinnant's algorithm (public domain description of the proleptic Gregorian calendar).
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::optional<int64_t> parse_twitter_time(std::string_view s) {
  // "Wed Nov 11 00:35:07 +0000 2015"
  if (s.size() < 30) return std::nullopt;
  bool weekday_ok = false;
  for (auto w : kWeekdays) weekday_ok |= s.substr(0, 3) == w;
  if (!weekday_ok || s[3] != ' ' || s[7] != ' ') return std::nullopt;
  int month = 0;
  for (size_t i = 0; i < kMonths.size(); ++i)
    if (s.substr(4, 3) == kMonths[i]) month = static_cast<int>(i) + 1;
  if (month == 0) return std::nullopt;
  size_t pos = 8;
  int day = 0, hh = 0, mm = 0, ss = 0, year = 0, offset = 0;
  if (!read_digits(s, pos, 2, day) || !expect(s, pos, ' ') || !read_digits(s, pos, 2, hh) ||
      !expect(s, pos, ':') || !read_digits(s, pos, 2, mm) || !expect(s, pos, ':') ||
      !read_digits(s, pos, 2, ss) || !expect(s, pos, ' ') || !read_offset(s, pos, false, offset) ||
      !expect(s, pos, ' ') || !read_digits(s, pos, 4, year) || pos != s.size())
    return std::nullopt;
  return to_ms(year, month, day, hh, mm, ss, 0, offset);
}

std::optional<int64_t> parse_iso8601_time(std::string_view s) {
  size_t pos = 0;
  int year = 0, month = 0, day = 0, hh = 0, mm = 0, ss = 0, offset = 0;
  if (!read_digits(s, pos, 4, year) || !expect(s, pos, '-') || !read_digits(s, pos, 2, month) ||
      !expect(s, pos, '-') || !read_digits(s, pos, 2, day))
    return std::nullopt;
  if (pos >= s.size() || (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ')) return std::nullopt;
  ++pos;
  if (!read_digits(s, pos, 2, hh) || !expect(s, pos, ':') || !read_digits(s, pos, 2, mm) ||
      !expect(s, pos, ':') || !read_digits(s, pos, 2, ss))
    return std::nullopt;
  int ms = 0;
  if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
    ++pos;
    size_t digits = 0;
    int scale = 100;
    while (pos < s.size() && is_digit(s[pos])) {
      if (digits < 3) ms += (s[pos] - '0') * scale;
      scale /= 10;
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
  }
  if (!read_offset(s, pos, true, offset) || pos != s.size()) return std::nullopt;
  return to_ms(year, month, day, hh, mm, ss, ms, offset);
}

std::optional<int64_t> parse_post_time(std::string_view s) {
  if (!s.empty() && is_digit(s[0])) return parse_iso8601_time(s);
  return parse_twitter_time(s);
}

}  // namespace tweetmap
