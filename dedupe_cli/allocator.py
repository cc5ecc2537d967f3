"""Memory settings for a process that runs one command: fresh pages are the expensive part.

A scan allocates and frees arrays of a million rows (8 MB each) many times over, and each
array on memory the process has not used yet costs the kernel a page fault per page, with the
page zeroed (on a virtual machine the host may also have to back it). Measured on a warm
re-scan of 1M paragraphs (2-core Xeon VM, the scan's stages run one after another): 1.26 s
with the defaults, 0.81 s with both settings below; in the real, threaded run 7-10% less wall
time over 12-16 alternating runs. Two things make a fresh page of an array:

- glibc's malloc gives a block over its mmap threshold its own ``mmap`` and returns it with
  ``munmap``, so the next array starts on fresh pages; and it gives back the top of the heap
  once 128 KB are free there. :func:`keep_freed_memory` raises both thresholds so that
  blocks up to 32 MB come from the heap, which keeps what is freed for the next one.
- numpy asks for transparent huge pages for arrays of 4 MB and more (``madvise``), and the
  first touch of each 2 MB page faults it in whole and zeroes it, even for an array that is
  read once. :func:`small_pages_for_numpy` turns that off (numpy's ``NUMPY_MADVISE_HUGEPAGE``)
  unless the user set it.

Only for a process that runs one command and ends (the console script): memory freed in the
middle of the heap is not given back until the process ends, so a long-lived host should not
call these. Nothing happens where the C library is not glibc.
"""

from __future__ import annotations

import ctypes
import os
import sys

#: mallopt's parameters (malloc.h).
_M_TRIM_THRESHOLD, _M_TOP_PAD, _M_MMAP_THRESHOLD = -1, -2, -3

#: Blocks up to this size come from the heap: glibc's largest allowed threshold on 64-bit systems
#: (``DEFAULT_MMAP_THRESHOLD_MAX``); larger ones are still mapped on their own.
MMAP_THRESHOLD = 32 * 1024 * 1024

#: Free memory at the top of the heap is given back only beyond this much.
TRIM_THRESHOLD = 1024 * 1024 * 1024

#: The heap grows this much more than asked each time (fewer ``brk`` calls).
TOP_PAD = 64 * 1024 * 1024


def keep_freed_memory() -> bool:
    """Raise glibc's mmap and trim thresholds (see the module's docstring); whether it was done."""
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the symbols the process has loaded: the C library's among them
    except (OSError, AttributeError, TypeError):  # no such symbol (macOS), or no handle of the process (Windows)
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    settings = ((_M_MMAP_THRESHOLD, MMAP_THRESHOLD), (_M_TRIM_THRESHOLD, TRIM_THRESHOLD), (_M_TOP_PAD, TOP_PAD))
    return all([mallopt(param, value) == 1 for param, value in settings])


def small_pages_for_numpy() -> bool:
    """Have numpy not ask for huge pages, unless ``NUMPY_MADVISE_HUGEPAGE`` is set; whether it will
    not (numpy reads the variable when it is imported: False when it was imported first)."""
    if "numpy" in sys.modules:
        return False
    return os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0") == "0"
