# How every binary is linked. --as-needed: a tool records only the shared libraries it calls, so
# tweet-stream does not load librdkafka (and each library's own dependencies) at every start.
# Packed relative relocations (DT_RELR, binutils 2.38 and glibc 2.36 or newer): the loader reads
# a few kilobytes of them instead of 24 bytes for each pointer in the binary's data.
include(CheckLinkerFlag)
add_link_options(LINKER:--as-needed)
check_linker_flag(CXX "LINKER:-z,pack-relative-relocs" TWEETMAP_HAVE_PACK_RELATIVE_RELOCS)
if(TWEETMAP_HAVE_PACK_RELATIVE_RELOCS)
  add_link_options(LINKER:-z,pack-relative-relocs)
endif()
