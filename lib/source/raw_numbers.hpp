// Reading GeoJSON coordinate arrays straight from the JSON text, without simdjson On-Demand's
// per-element iteration: a strict reader that either gives the values simdjson's get_double would
// give or declines (nullptr), so that the caller reads the value through simdjson instead and
// keeps simdjson's answer (values, error codes) for everything unusual.
#pragma once

namespace tweetmap::json {

/// Reads the JSON number (RFC 8259: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?) at `p` into
/// `out` and returns where it ends, for the numbers that simdjson's get_double converts by
/// Clinger's exact fast path (at most 19 digits, below 2^53 as an integer, a power of ten within
/// 10^±22: every coordinate X writes), with the same operations and so the same bits. nullptr
/// for anything else, which is left to simdjson. Does not look at the byte after the number.
const char* read_raw_number(const char* p, double& out);

/// Reads `[a, b]` (exactly two numbers, JSON white space anywhere between tokens) at `p`;
/// returns the byte after its `]`, or nullptr for any other text.
const char* read_raw_pair(const char* p, double& a, double& b);

/// Reads a polygon's coordinates with a single ring of [lon, lat] pairs, `[[[x,y],...]]`, at
/// `p`: the first `max` points go to `lon`/`lat`, their count (up to `max`) to `n`. Returns the
/// byte after the outer `]`, or nullptr for any other text (an empty ring, holes, a point of
/// another length, a non-number).
const char* read_raw_ring(const char* p, double* lon, double* lat, int max, int& n);

// All three take only bytes of their array and the first byte that breaks its grammar. In a
// document whose root simdjson read as an object (which checks that its last token is a '}'), a
// scan from a '[' token therefore stays inside the document, and an array that reads to its
// end is the very array simdjson would iterate. read_raw_ring also compares the 16 bytes from a
// number's start with the number at the same place in the point before (a repeat is not read
// again): bytes of the document or of the SIMDJSON_PADDING after it.

}  // namespace tweetmap::json
