# sse-load: the SSE load generator used by scripts/bench-sse.
add_executable(sse-load ${CMAKE_CURRENT_LIST_DIR}/sse_load.cpp)
target_link_libraries(sse-load PRIVATE fmt::fmt CLI11::CLI11 Boost::boost Threads::Threads)
target_compile_definitions(sse-load PRIVATE BOOST_ASIO_NO_DEPRECATED)
