# simdjson-ceiling: the parse-only limit on a replay file, beside tweet-stream and jq/jaq in
# scripts/bench-replay. A benchmark helper: built into build/bench, never installed.
add_executable(simdjson-ceiling ${CMAKE_CURRENT_LIST_DIR}/simdjson_ceiling.cpp)
target_link_libraries(simdjson-ceiling PRIVATE simdjson::simdjson)
set_target_properties(simdjson-ceiling PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bench)
