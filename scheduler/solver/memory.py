"""The process's resident memory, on Linux, Windows and macOS: what the solver's memory guard reads.

The guard (:mod:`scheduler.solver.cpsat`: ``MEMORY_MB``, ``PRESOLVE_LIMIT_MB``) stops a search, or
turns CP-SAT's presolve off, when the process holds too much. Each system says it its own way, and
one reader is chosen for the system the program runs on (:func:`reader_for`), once:

* Linux: ``/proc/self/statm``'s resident pages;
* Windows: the working set, ``GetProcessMemoryInfo`` (``K32GetProcessMemoryInfo`` in kernel32, so no
  psapi.dll is needed), through ctypes;
* macOS: ``task_info(MACH_TASK_BASIC_INFO)``'s ``resident_size``, through ctypes;
* anywhere else, or when one of those fails: the peak resident size so far
  (``resource.getrusage``), never below the current one, so the guard stops sooner rather than not at
  all; 0 (the guard off) only where not even that is known.

Decision: ctypes and the standard library rather than psutil, which would be a compiled dependency
for one number.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import cache

MB = 2**20


def resident_mb() -> float:
    """The process's resident memory now, in MB (:data:`READ`, the reader for this system)."""
    return READ()


def reader_for(platform: str) -> Callable[[], float]:
    """The function that reads the resident memory in MB on ``platform`` (``sys.platform``'s value)."""
    if platform.startswith("linux"):
        return proc_statm
    if platform == "win32":
        return windows_working_set
    if platform == "darwin":
        return mach_resident
    return peak_resident


def proc_statm() -> float:
    """Linux: the resident pages of ``/proc/self/statm``."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:  # noqa: PTH123
            return int(statm.read().split()[1]) * _PAGE / MB
    except (OSError, ValueError, IndexError):
        return peak_resident()


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def windows_working_set() -> float:
    """Windows: the process's working set (``PROCESS_MEMORY_COUNTERS.WorkingSetSize``)."""
    try:
        return _windows_reader()()
    except (OSError, AttributeError, ValueError):  # no such library or function: the peak, as elsewhere
        return peak_resident()


@cache
def _windows_reader() -> Callable[[], float]:
    import ctypes

    size_t, dword = ctypes.c_size_t, ctypes.c_uint32  # SIZE_T, DWORD

    class Counters(ctypes.Structure):
        _fields_ = [
            ("cb", dword),
            ("PageFaultCount", dword),
            ("PeakWorkingSetSize", size_t),
            ("WorkingSetSize", size_t),
            ("QuotaPeakPagedPoolUsage", size_t),
            ("QuotaPagedPoolUsage", size_t),
            ("QuotaPeakNonPagedPoolUsage", size_t),
            ("QuotaNonPagedPoolUsage", size_t),
            ("PagefileUsage", size_t),
            ("PeakPagefileUsage", size_t),
        ]

    kernel = ctypes.WinDLL("kernel32")  # type: ignore[attr-defined,unused-ignore]
    kernel.GetCurrentProcess.restype = ctypes.c_void_p
    info = kernel.K32GetProcessMemoryInfo
    info.argtypes = [ctypes.c_void_p, ctypes.POINTER(Counters), dword]
    info.restype = ctypes.c_int
    process = kernel.GetCurrentProcess()  # a pseudo handle: nothing to close
    counters = Counters()
    counters.cb = ctypes.sizeof(Counters)

    def read() -> float:
        if not info(process, ctypes.byref(counters), counters.cb):
            raise OSError("GetProcessMemoryInfo failed")
        return float(counters.WorkingSetSize) / MB

    return read


def mach_resident() -> float:
    """macOS: ``resident_size`` of ``task_info(mach_task_self(), MACH_TASK_BASIC_INFO)``."""
    try:
        return _mach_reader()()
    except (OSError, AttributeError, ValueError):  # no such library or function: the peak, as elsewhere
        return peak_resident()


@cache
def _mach_reader() -> Callable[[], float]:
    import ctypes

    class BasicInfo(ctypes.Structure):  # struct mach_task_basic_info
        _fields_ = [
            ("virtual_size", ctypes.c_uint64),
            ("resident_size", ctypes.c_uint64),
            ("resident_size_max", ctypes.c_uint64),
            ("user_time", ctypes.c_int32 * 2),
            ("system_time", ctypes.c_int32 * 2),
            ("policy", ctypes.c_int32),
            ("suspend_count", ctypes.c_int32),
        ]

    flavor = 20  # MACH_TASK_BASIC_INFO
    libc = ctypes.CDLL(None)
    libc.mach_task_self.restype = ctypes.c_uint32
    libc.mach_task_self.argtypes = []
    task_info = libc.task_info
    task_info.argtypes = [ctypes.c_uint32, ctypes.c_int, ctypes.POINTER(BasicInfo), ctypes.POINTER(ctypes.c_uint32)]
    task_info.restype = ctypes.c_int
    task = libc.mach_task_self()
    info = BasicInfo()
    words = ctypes.sizeof(BasicInfo) // 4  # MACH_TASK_BASIC_INFO_COUNT, in natural_t

    def read() -> float:
        count = ctypes.c_uint32(words)
        if task_info(task, flavor, ctypes.byref(info), ctypes.byref(count)) != 0:
            raise OSError("task_info failed")
        return float(info.resident_size) / MB

    return read


def peak_resident() -> float:
    """The peak resident size so far (``ru_maxrss``: bytes on macOS, KiB elsewhere), or 0 unknown."""
    try:
        import resource
    except ImportError:  # Windows: no resource module
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / MB if sys.platform == "darwin" else peak / 1024


READ = reader_for(sys.platform)
"""This system's reader."""
