// Turns the fields collected from one post object into a Record (shared by v1.1 and v2). Internal
// to the post parser (lib/source/post_parser.cpp); not part of the library's public interface.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.hpp"
#include "source/post_fields.hpp"

namespace tweetmap::post_detail {

/// The next record slot of `out`: a reused (cleared) element when there is one, else a new one.
Record& next_slot(std::vector<Record>& out, size_t& used);

/// Fills `r` from the collected fields: id, time, text (HTML-unescaped), user, place, geo and
/// hashtags (`ext_tags` when the post had extended entities). False, with `why`, when there is no
/// id or created_at cannot be read.
bool build_record(const PostFields& p, const std::vector<std::string_view>& tags,
                  const std::vector<std::string_view>& ext_tags, const std::string& src, Record& r,
                  std::string& why);

}  // namespace tweetmap::post_detail
