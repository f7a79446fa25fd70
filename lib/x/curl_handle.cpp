#include "x/curl_handle.hpp"

#include <algorithm>

#include "core/signals.hpp"

namespace tweetmap {

void setup_x_curl(CURL* c, const char* url, curl_slist* headers, char* errbuf, bool http2) {
  curl::easy_setopt(c, CURLOPT_URL, url);
  curl::easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl::easy_setopt(c, CURLOPT_USERAGENT, "tweetmap/" TWEETMAP_VERSION);
  curl::easy_setopt(c, CURLOPT_HTTP_VERSION,
                    static_cast<long>(http2 ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_1_1));
  curl::easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "gzip");
  curl::easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl::easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  curl::easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl::easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl::easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
}

void setup_stream_curl(CURL* c, double time_scale, curl_write_callback on_body,
                       curl_write_callback on_header, void* data) {
  curl::easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
  curl::easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                    static_cast<long>(std::max<double>(1000, 30000 * time_scale)));
  curl::easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl::easy_setopt(c, CURLOPT_WRITEDATA, data);
  curl::easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl::easy_setopt(c, CURLOPT_HEADERDATA, data);
}

TransferEnd run_stream_transfer(CURLM* m, Clock& clock, int64_t stall_ms,
                                const int64_t& last_byte_ms,
                                const std::function<bool(bool finished)>& turn) {
  TransferEnd end;
  for (;;) {
    int running = 0;
    curl::multi_perform(m, &running);
    int queued = 0;
    while (CURLMsg* msg = curl::multi_info_read(m, &queued)) {
      if (msg->msg == CURLMSG_DONE) {
        end.finished = true;
        end.result = msg->data.result;
      }
    }
    if (!turn(end.finished) || end.finished) break;
    if (stop_requested()) {
      end.interrupted = true;
      break;
    }
    int64_t quiet = clock.mono_ms() - last_byte_ms;
    if (quiet >= stall_ms) {
      end.stalled = true;
      break;
    }
    curl_waitfd extra{stop_fd(), CURL_WAIT_POLLIN, 0};
    int wait = static_cast<int>(std::min<int64_t>(stall_ms - quiet, 1000));
    curl::multi_poll(m, &extra, 1, std::max(wait, 1), nullptr);
  }
  return end;
}

}  // namespace tweetmap
