# libFuzzer targets (included by CMakeLists.txt when -DTWEETMAP_FUZZ=ON). Needs clang: the library
# is instrumented for coverage with ASan + UBSan (-fsanitize=fuzzer-no-link,...), each target links
# libFuzzer's main (-fsanitize=fuzzer). scripts/fuzz configures build-fuzz/ this way.
#
# A target is defined only when the library modules it exercises exist, so a partial tree still
# configures; tests/integration/fuzz_test.sh skips the targets that were not built.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "TWEETMAP_FUZZ needs clang (CC=clang-14 CXX=clang++-14), not ${CMAKE_CXX_COMPILER_ID}")
endif()

set(TWEETMAP_FUZZ_SANITIZERS "address,undefined")
# The targets link their own instrumented copy of the library, without the modules no target can
# reach (Kafka, the X client, synth, the tools' option parsing and the HTTP accept loop): it halves
# the clang build, which counts against the test suite's time. A new module is included by default.
set(TWEETMAP_FUZZ_EXCLUDE "/lib/(kafka/[a-z_]*|x/[a-z_]*|source/synth[a-z_]*|cli/[a-z_]*|sse/serve|sse/http_server)\\.cpp$")
set(TWEETMAP_FUZZ_LIB_SOURCES ${TWEETMAP_LIB_SOURCES} ${TWEETMAP_GEOCODE_CPP})
list(FILTER TWEETMAP_FUZZ_LIB_SOURCES EXCLUDE REGEX "${TWEETMAP_FUZZ_EXCLUDE}")
add_library(tweetmap_fuzz STATIC ${TWEETMAP_FUZZ_LIB_SOURCES})
target_include_directories(tweetmap_fuzz PUBLIC ${CMAKE_SOURCE_DIR}/lib ${TWEETMAP_GENERATED_DIR})
target_compile_definitions(tweetmap_fuzz PUBLIC TWEETMAP_VERSION="${PROJECT_VERSION}"
                           BOOST_ASIO_NO_DEPRECATED BOOST_BEAST_USE_STD_STRING_VIEW)
get_target_property(TWEETMAP_FUZZ_DEPS tweetmap INTERFACE_LINK_LIBRARIES)
target_link_libraries(tweetmap_fuzz PUBLIC ${TWEETMAP_FUZZ_DEPS})
target_compile_options(tweetmap_fuzz PRIVATE -fsanitize=fuzzer-no-link,${TWEETMAP_FUZZ_SANITIZERS}
                       -fno-sanitize-recover=all -fno-omit-frame-pointer)
target_link_options(tweetmap_fuzz INTERFACE -fsanitize=${TWEETMAP_FUZZ_SANITIZERS})

# target name -> the library sources it needs
set(TWEETMAP_FUZZ_TARGETS
  "post_parser_fuzz:source/post_parser.cpp,core/record.cpp"
  "filter_fuzz:core/filter.cpp"
  "replay_fuzz:source/compressed_source.cpp,source/pipeline.cpp"
  "sse_request_fuzz:sse/routes.cpp,sse/static_files.cpp,sse/hub.cpp,sse/query.cpp"
  "trends_snapshot_fuzz:trends/snapshot.cpp,trends/engine.cpp"
  "geocode_profile_fuzz:geocode/profile_resolver.cpp,geocode/normalize.cpp"
  "geocode_text_fuzz:geocode/text_resolver.cpp")

set(TWEETMAP_FUZZ_BUILT "")
foreach(entry ${TWEETMAP_FUZZ_TARGETS})
  string(REPLACE ":" ";" parts "${entry}")
  list(GET parts 0 name)
  list(GET parts 1 needs)
  string(REPLACE "," ";" needs "${needs}")
  set(ok TRUE)
  foreach(src ${needs})
    if(NOT EXISTS ${CMAKE_SOURCE_DIR}/lib/${src})
      set(ok FALSE)
    endif()
  endforeach()
  if(NOT ok)
    message(STATUS "fuzz: skipping ${name} (its library modules are not in this tree)")
    continue()
  endif()
  add_executable(${name} ${CMAKE_SOURCE_DIR}/tests/fuzz/${name}.cpp)
  target_link_libraries(${name} PRIVATE tweetmap_fuzz)
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer,${TWEETMAP_FUZZ_SANITIZERS}
                         -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer,${TWEETMAP_FUZZ_SANITIZERS})
  list(APPEND TWEETMAP_FUZZ_BUILT ${name})
endforeach()
add_custom_target(fuzz_targets DEPENDS ${TWEETMAP_FUZZ_BUILT})
