"""The resident memory the solver's memory guard reads, on each system (scheduler/solver/memory.py).

Windows and macOS are simulated: their system calls are replaced by fakes that answer as the real ones
do (the structure filled in through the pointer given), so what is tested is our side of the call."""

from __future__ import annotations

import ctypes
import subprocess
import sys
from types import SimpleNamespace

import pytest

from scheduler.solver import memory
from tests.conftest import ROOT


@pytest.fixture(autouse=True)
def fresh_readers():
    memory._windows_reader.cache_clear()
    memory._mach_reader.cache_clear()
    yield
    memory._windows_reader.cache_clear()
    memory._mach_reader.cache_clear()


@pytest.mark.parametrize(
    ("platform", "reader"),
    [
        ("linux", memory.proc_statm),
        ("win32", memory.windows_working_set),
        ("darwin", memory.mach_resident),
        ("freebsd14", memory.peak_resident),
    ],
)
def test_each_system_gets_its_own_reader(platform, reader):
    assert memory.reader_for(platform) is reader


def test_this_system_reads_through_its_reader():
    assert memory.READ is memory.reader_for(sys.platform)
    assert 1 < memory.resident_mb() < 4096


class _Call:
    """A C function as ctypes shows it: argtypes and restype to set, and what it does when called."""

    def __init__(self, run):
        self.run, self.argtypes, self.restype = run, None, None

    def __call__(self, *args):
        return self.run(*args)


def test_windows_reads_the_working_set(monkeypatch):
    seen = {}

    def info(process, counters, size):
        seen["call"] = (process, size)
        counters._obj.WorkingSetSize = 300 * 2**20
        counters._obj.PeakWorkingSetSize = 900 * 2**20
        return 1

    kernel = SimpleNamespace(GetCurrentProcess=_Call(lambda: -1), K32GetProcessMemoryInfo=_Call(info))
    monkeypatch.setattr(ctypes, "WinDLL", lambda name: kernel, raising=False)
    assert memory.windows_working_set() == 300.0
    process, size = seen["call"]
    assert process == -1 and size == 8 + 8 * ctypes.sizeof(ctypes.c_size_t)  # PROCESS_MEMORY_COUNTERS' cb
    assert memory.windows_working_set() == 300.0  # the function looked up once, called each time


def test_macos_reads_the_tasks_resident_size(monkeypatch):
    seen = {}

    def task_info(task, flavor, info, count):
        seen["call"] = (task, flavor, count._obj.value)
        info._obj.resident_size = 250 * 2**20
        info._obj.resident_size_max = 800 * 2**20
        return 0  # KERN_SUCCESS

    libc = SimpleNamespace(mach_task_self=_Call(lambda: 259), task_info=_Call(task_info))
    monkeypatch.setattr(ctypes, "CDLL", lambda name: libc)
    assert memory.mach_resident() == 250.0
    assert seen["call"] == (259, 20, 12)  # MACH_TASK_BASIC_INFO and its count in 32-bit words


def test_a_system_call_that_fails_falls_back_to_the_peak_never_to_nothing(monkeypatch):
    libc = SimpleNamespace(mach_task_self=_Call(lambda: 259), task_info=_Call(lambda *args: 5))  # KERN_FAILURE
    monkeypatch.setattr(ctypes, "CDLL", lambda name: libc)
    peak = memory.peak_resident()
    assert memory.mach_resident() >= peak > 1
    monkeypatch.delattr(ctypes, "WinDLL", raising=False)  # not Windows: no such library at all
    assert memory.windows_working_set() >= peak


AGREE = """
import sys
from scheduler.solver import memory
block = bytearray(400 * 2**20)
for i in range(0, len(block), 4096):
    block[i] = 1
print(memory.proc_statm(), memory.peak_resident())
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
def test_the_readings_agree_on_linux():
    """Right after the process grew by 400 MB, getrusage's peak is at least /proc's current size and not
    a unit off (KiB here: bytes would be 1,024 times smaller, pages or MiB far larger). Not "equal": a
    process's peak starts at what its parent held when it forked (kept across exec), so under a test
    run of 600 MB the child's peak was 635 MB against 412 MB in use."""
    done = subprocess.run(
        [sys.executable, "-c", AGREE], capture_output=True, text=True, env={"PYTHONPATH": str(ROOT)}, check=True
    )
    current, peak = map(float, done.stdout.split())
    assert current > 400
    assert 0.95 * current <= peak < 50 * current, (current, peak)
