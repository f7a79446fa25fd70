# Run by cpack after the install into its staging tree and before the .deb is made
# (CPACK_PRE_BUILD_SCRIPTS): turns a `cmake --install` tree into what Debian expects.
# - man pages gzipped (-9n: reproducible), web source maps dropped unless
#   -DTWEETMAP_PACKAGE_SOURCEMAPS=ON, the systemd units with /usr paths in /lib/systemd/system,
#   their env examples, copyright and the gzipped changelog in /usr/share/doc/tweetmap.
# Binaries are stripped by CPACK_STRIP_FILES (debug info dropped, no -dbgsym package).
set(stage "${CPACK_TEMPORARY_INSTALL_DIRECTORY}")
if(NOT IS_DIRECTORY "${stage}/usr/bin")
  message(FATAL_ERROR "prebuild: no usr/bin in the staging tree ${stage}")
endif()
set(src "${CPACK_TWEETMAP_SOURCE_DIR}")

file(GLOB_RECURSE pages "${stage}/usr/share/man/*.[0-9]")
foreach(page ${pages})
  execute_process(COMMAND gzip -9nf "${page}" COMMAND_ERROR_IS_FATAL ANY)
endforeach()

if(NOT CPACK_TWEETMAP_SOURCEMAPS)
  file(GLOB_RECURSE maps "${stage}/usr/share/tweetmap/web/*.map")
  if(maps)
    file(REMOVE ${maps})
  endif()
  # The bundles end with a sourceMappingURL comment; without the map it only makes a 404.
  file(GLOB bundles "${stage}/usr/share/tweetmap/web/*.js" "${stage}/usr/share/tweetmap/web/*.css")
  foreach(b ${bundles})
    file(READ "${b}" text)
    string(REGEX REPLACE "\n?/[/*][#@] sourceMappingURL=[^\n]*\n?$" "\n" text "${text}")
    file(WRITE "${b}" "${text}")
  endforeach()
endif()

set(units "${stage}/lib/systemd/system")
file(MAKE_DIRECTORY "${units}")
foreach(unit tweetmap-producer@.service tweetmap-bluesky@.service tweetmap-mastodon@.service tweetmap-map@.service)
  file(READ "${src}/scripts/systemd/${unit}" text)
  string(REPLACE "/usr/local/" "/usr/" text "${text}")
  file(WRITE "${units}/${unit}" "${text}")
  file(CHMOD "${units}/${unit}" PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
endforeach()

set(doc "${stage}/usr/share/doc/tweetmap")
file(MAKE_DIRECTORY "${doc}/examples")
foreach(ex tweetmap.env.example kafka.properties.example producer.env.example map.env.example
           bluesky.env.example mastodon.env.example)
  file(COPY_FILE "${src}/scripts/systemd/${ex}" "${doc}/examples/${ex}")
endforeach()
file(COPY_FILE "${src}/cmake/deb/copyright" "${doc}/copyright")
file(COPY_FILE "${src}/cmake/deb/changelog" "${doc}/changelog")
execute_process(COMMAND gzip -9nf "${doc}/changelog" COMMAND_ERROR_IS_FATAL ANY)
file(GLOB_RECURSE all LIST_DIRECTORIES false "${doc}/*" "${stage}/usr/share/tweetmap/*"
     "${stage}/usr/share/man/*")
foreach(f ${all})
  file(CHMOD "${f}" PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
endforeach()
