// A ByteSource serving a fixed string in reads of at most `chunk` bytes, to exercise lines and
// frames split across reads.
#pragma once

#include <algorithm>
#include <cstring>
#include <string>

#include "core/line_io.hpp"

namespace tweetmap::testing {

class StringSource : public ByteSource {
 public:
  StringSource(std::string data, size_t chunk, std::string name = "test")
      : data_(std::move(data)), chunk_(chunk), name_(std::move(name)) {}
  Result<size_t> read(char* buf, size_t n) override {
    size_t k = std::min<size_t>({n, chunk_, data_.size() - pos_});
    std::memcpy(buf, data_.data() + pos_, k);
    pos_ += k;
    return k;
  }
  std::string name() const override { return name_; }

 private:
  std::string data_;
  size_t chunk_;
  std::string name_;
  size_t pos_ = 0;
};

}  // namespace tweetmap::testing
