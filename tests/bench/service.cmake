# sse-bench-client: the SSE load and verification client of the service tests and benchmarks
# (tests/integration/service_*_test.sh, chaos_test.sh, scripts/bench-pipeline, scripts/chaos).
add_executable(sse-bench-client ${CMAKE_SOURCE_DIR}/tests/bench/sse_bench_client.cpp)
target_link_libraries(sse-bench-client PRIVATE Boost::boost Threads::Threads)
set_target_properties(sse-bench-client PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bench)
