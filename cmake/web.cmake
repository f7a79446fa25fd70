# The web page: `cmake --build build --target web` runs npm ci (when the lock changed) and the
# esbuild build into web/dist (scripts/setup does the same). Not part of ALL: it needs npm.
find_program(TWEETMAP_NPM npm)
if(TWEETMAP_NPM)
  add_custom_target(web
    COMMAND bash ${CMAKE_SOURCE_DIR}/scripts/deps/60-web.sh
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
    COMMENT "Building the web page into web/dist"
    VERBATIM)
endif()
