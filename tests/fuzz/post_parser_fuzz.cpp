// Fuzz target: the v1.1/v2 post parser and the record writer. Every input line, however broken,
// must give a ParsedLine (never a crash), the padded and unpadded paths must agree, and every
// record must be written as one valid UTF-8 JSON line that RecordParser reads back to the same
// bytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.hpp"
#include "fuzz_check.hpp"
#include "source/post_parser.hpp"

using tweetmap::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static tweetmap::PostParser parser("replay");
  static tweetmap::RecordParser reader;
  std::string_view line(reinterpret_cast<const char*>(data), size);

  std::vector<tweetmap::Record> copied;
  tweetmap::ParsedLine a = parser.parse(line, false, copied);

  // The in-place path (LineReader's padding) must see the same line the same way.
  std::string padded(line);
  padded.append(simdjson::SIMDJSON_PADDING, '\0');
  std::vector<tweetmap::Record> in_place;
  tweetmap::ParsedLine b = parser.parse(std::string_view(padded.data(), size), true, in_place);
  check(a.kind == b.kind, "padded and unpadded parses disagree on the line kind");
  check(copied.size() == in_place.size(), "padded and unpadded parses disagree on records");
  check(a.kind == tweetmap::LineKind::kPosts || copied.empty(),
        "records appended for a line that is not a post");

  for (size_t i = 0; i < copied.size(); ++i) {
    const tweetmap::Record& r = copied[i];
    std::string json;
    tweetmap::append_record_json(r, json);
    tweetmap::fuzz::check_json_line(json, "record line is not one valid UTF-8 JSON object");

    std::string json2;
    tweetmap::append_record_json(in_place[i], json2);
    check(json == json2, "padded and unpadded parses give different records");

    tweetmap::Record back;
    tweetmap::Status st =
        reader.parse(std::string_view(json.data(), json.size() - 1), back, /*padded=*/false);
    check(st.is_ok(), "RecordParser rejects a line the record writer wrote");
    check(back.id == r.id, "record id changed through write + read");
    std::string again;
    tweetmap::append_record_json(back, again);
    check(again == json, "record bytes changed through write + read + write");
  }
  return 0;
}
