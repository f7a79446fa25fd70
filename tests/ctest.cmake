# CTest registration (included from CMakeLists.txt when TWEETMAP_TESTS is on).
#   ctest --test-dir build -L unit|cli|integration|lint     one part
#   ctest --test-dir build -R geo                            by name
#   ctest --test-dir build-asan -L asan                      the ASan + UBSan build's runs
# Test scripts are found by glob, so a new tests/cli/*_test.sh, tests/integration/*_test.sh,
# tests/lint/*.sh or tests/*/*_test.py is registered at the next configure (CONFIGURE_DEPENDS).
# Every test gets the environment the scripts expect: TWEETMAP_BIN (this build's bin/),
# TWEETMAP_ROOT (the source tree) and PATH with bin/ first.
include(doctest)  # Debian's doctest-dev: doctest_discover_tests

set(TWEETMAP_TEST_BIN ${CMAKE_BINARY_DIR}/bin)
set(TWEETMAP_TEST_ENV TWEETMAP_BIN=${TWEETMAP_TEST_BIN} TWEETMAP_ROOT=${CMAKE_SOURCE_DIR})
set(TWEETMAP_TEST_PATH "PATH=path_list_prepend:${TWEETMAP_TEST_BIN}")

# tweetmap_test_env(TEST...): the environment every test script expects.
function(tweetmap_test_env)
  set_tests_properties(${ARGN} PROPERTIES
    ENVIRONMENT "${TWEETMAP_TEST_ENV}"
    ENVIRONMENT_MODIFICATION "${TWEETMAP_TEST_PATH}"
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
endfunction()

file(GLOB TWEETMAP_CLI_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/cli/*_test.sh)
file(GLOB TWEETMAP_INTEGRATION_TESTS CONFIGURE_DEPENDS
     ${CMAKE_SOURCE_DIR}/tests/integration/*_test.sh)

if(TWEETMAP_SANITIZE)
  # The ASan + UBSan build runs the unit suite and the CLI scripts under tests/sanitized.sh, which
  # fails a run when any sanitizer report was written (also from a tool a test expected to fail).
  # Installation and man-page scripts check packaging, not memory safety (no pages are built).
  set(sanitized ${CMAKE_SOURCE_DIR}/tests/sanitized.sh)
  add_test(NAME asan/unit COMMAND bash ${sanitized} $<TARGET_FILE:unit_tests>)
  set(asan_tests asan/unit)
  foreach(script ${TWEETMAP_CLI_TESTS})
    get_filename_component(name ${script} NAME_WE)
    string(REGEX REPLACE "_test$" "" name ${name})
    if(script MATCHES "_(install|man)_test\\.sh$")
      continue()
    endif()
    add_test(NAME asan/cli/${name} COMMAND bash ${sanitized} bash ${script})
    list(APPEND asan_tests asan/cli/${name})
  endforeach()
  tweetmap_test_env(${asan_tests})
  set_tests_properties(${asan_tests} PROPERTIES LABELS asan TIMEOUT 900)
  return()
endif()

# ---- unit: one CTest test per doctest case (listed from the binary after each build) ----
doctest_discover_tests(unit_tests TEST_PREFIX "unit/" ADD_LABELS 0
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
  PROPERTIES LABELS unit TIMEOUT 120
             ENVIRONMENT "${TWEETMAP_TEST_ENV}"
             ENVIRONMENT_MODIFICATION "${TWEETMAP_TEST_PATH}")

# ---- Python unit tests of the test tooling (tests/<part>/*_test.py, unittest) ----
file(GLOB TWEETMAP_PY_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/*/*_test.py)
foreach(script ${TWEETMAP_PY_TESTS})
  get_filename_component(dir ${script} DIRECTORY)
  get_filename_component(part ${dir} NAME)
  get_filename_component(name ${script} NAME_WE)
  string(REGEX REPLACE "_test$" "" name ${name})
  add_test(NAME py/${part}/${name} COMMAND python3 ${script})
  tweetmap_test_env(py/${part}/${name})
  # The layout checker's own test belongs with the lint step; the rest are unit tests.
  if(part STREQUAL "lint")
    set_tests_properties(py/${part}/${name} PROPERTIES LABELS "lint;py" TIMEOUT 120)
  else()
    set_tests_properties(py/${part}/${name} PROPERTIES LABELS "unit;py" TIMEOUT 120)
  endif()
endforeach()

# ---- cli: one test per tests/cli/*_test.sh ----
foreach(script ${TWEETMAP_CLI_TESTS})
  get_filename_component(name ${script} NAME_WE)
  string(REGEX REPLACE "_test$" "" name ${name})
  add_test(NAME cli/${name} COMMAND bash ${script})
  tweetmap_test_env(cli/${name})
  set_tests_properties(cli/${name} PROPERTIES LABELS cli TIMEOUT 600)
endforeach()

# ---- integration: one test per tests/integration/*_test.sh ----
# Scripts that start a Kafka broker (scripts/kafka-dev) share its port: they hold the "kafka"
# lock so that `ctest -j` never runs two of them at once.
foreach(script ${TWEETMAP_INTEGRATION_TESTS})
  get_filename_component(name ${script} NAME_WE)
  string(REGEX REPLACE "_test$" "" name ${name})
  add_test(NAME integration/${name} COMMAND bash ${script})
  tweetmap_test_env(integration/${name})
  set_tests_properties(integration/${name} PROPERTIES LABELS integration TIMEOUT 1200)
  file(READ ${script} body)
  string(TOLOWER "${body}" body)
  if(body MATCHES "kafka")
    set_tests_properties(integration/${name} PROPERTIES RESOURCE_LOCK kafka)
  endif()
endforeach()

# ---- lint: formatting, layout, clang-tidy, shellcheck, and every tests/lint/*.sh ----
add_test(NAME lint/clang-format COMMAND bash ${CMAKE_SOURCE_DIR}/tests/lint.sh)
add_test(NAME lint/layout COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/lint/layout_check.py
                                  ${CMAKE_SOURCE_DIR})
add_test(NAME lint/clang-tidy COMMAND bash ${CMAKE_SOURCE_DIR}/tests/tidy.sh ${CMAKE_BINARY_DIR})
set(lint_tests lint/clang-format lint/layout lint/clang-tidy)
# tests/lint/<name>.sh becomes lint/<name> (shellcheck.sh today; eslint.sh when it exists).
file(GLOB TWEETMAP_LINT_SCRIPTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/lint/*.sh)
foreach(script ${TWEETMAP_LINT_SCRIPTS})
  get_filename_component(name ${script} NAME_WE)
  add_test(NAME lint/${name} COMMAND bash ${script})
  list(APPEND lint_tests lint/${name})
endforeach()
tweetmap_test_env(${lint_tests})
set_tests_properties(${lint_tests} PROPERTIES LABELS lint TIMEOUT 900)
