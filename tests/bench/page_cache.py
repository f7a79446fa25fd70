#!/usr/bin/env python3
"""Puts benchmark input files in the page cache the way a file read from disk sits there.

Linux caches a file's pages in folios whose size follows how the pages arrived: a file written
in 8 KiB writes (Python's default buffer) is cached in 8 KiB folios, a file copied with cp(1) in
64 KiB ones, a file read from disk by readahead in folios of up to 2 MiB. Mapping or reading a
file costs the kernel about as much per folio as per byte, so on this machine mapping 200 MB
written in 8 KiB writes takes about 33 ms of kernel time and mapping the same bytes read from
disk about 3 ms (docs/PERFORMANCE.md): a benchmark over a freshly written file would measure
the buffer size of the program that wrote it. reread() writes the file's dirty pages out, drops
its clean pages from the cache (POSIX_FADV_DONTNEED, which needs no privilege) and reads it once
front to back, so every command of a benchmark then finds it as a replay of an archive does.

The programs a benchmark times are files too: a binary just linked (or installed by pip) sits
in the small folios its writer left, and every run pays for faulting its code and data in (the
gazetteer is in tweet-stream's executable). `reread --programs` also re-reads each FILE that is
an ELF program and the shared libraries it loads (as ldd(1) lists them), as after a reboot.

    page_cache.py reread [--programs] FILE...
    page_cache.py read-cost FILE...   # CPU ms to read each file through once, as it is cached
"""
import os
import resource
import subprocess
import sys


USAGE = "usage: page_cache.py reread [--programs] FILE... | read-cost FILE..."


def read_through(fd, block):
    """Reads `fd` to its end in `block`-sized reads; returns the bytes read."""
    n = 0
    while True:
        b = os.read(fd, block)
        if not b:
            return n
        n += len(b)


def reread(path, block=1 << 20):
    """Drops `path`'s cached pages and reads it once through; returns the bytes read."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        return read_through(fd, block)
    finally:
        os.close(fd)


def libraries(path):
    """The shared libraries the ELF program at `path` loads (ldd's resolved paths); [] for a
    file that is not one."""
    with open(path, "rb") as f:
        if f.read(4) != b"\x7fELF":
            return []
    out = subprocess.run(["ldd", path], capture_output=True, text=True).stdout
    libs = []
    for line in out.splitlines():
        # "libfmt.so.9 => /lib/x86_64-linux-gnu/libfmt.so.9 (0x...)" or "/lib64/ld-linux... (0x...)"
        parts = line.split()
        lib = parts[2] if len(parts) >= 3 and parts[1] == "=>" else parts[0] if parts else ""
        if lib.startswith("/") and os.path.exists(lib):
            libs.append(os.path.realpath(lib))
    return libs


def cpu_seconds():
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def read_cost(path, block=1 << 20):
    """CPU seconds (user+sys) to read `path` through once in `block`-sized reads, leaving the
    page cache as it is; and the bytes read."""
    fd = os.open(path, os.O_RDONLY)
    try:
        t0 = cpu_seconds()
        n = read_through(fd, block)
        return cpu_seconds() - t0, n
    finally:
        os.close(fd)


def main(argv):
    if len(argv) < 2 or argv[0] not in ("reread", "read-cost"):
        print(USAGE, file=sys.stderr)
        return 2
    paths = argv[1:]
    if argv[0] == "reread" and paths[:1] == ["--programs"]:
        paths = paths[1:]
        try:
            extra = [lib for p in paths for lib in libraries(p)]
        except OSError as e:
            print(f"page_cache: {e.filename}: {e.strerror}", file=sys.stderr)
            return 1
        paths += sorted(set(extra) - set(paths))
    if not paths:
        print(USAGE, file=sys.stderr)
        return 2
    for path in paths:
        try:
            if argv[0] == "reread":
                reread(path)
            else:
                cpu, n = read_cost(path)
                print(f"{path}: {n / 1e6:.0f} MB read in {cpu * 1e3:.1f} ms of CPU")
        except OSError as e:
            print(f"page_cache: {path}: {e.strerror}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
