"""The sandbox a worker enters before it imports any learner code (worker side).

On Linux, where the kernel lets us, the worker process moves into new
namespaces and sees a filesystem built for it alone:

- a new mount namespace whose root is an empty in-memory folder holding
  read-only bind mounts of exactly what Python needs (the system's /usr and
  /etc, the interpreter, its site-packages, the ``kata`` package folder, the
  MNIST file) and one writable, size-capped scratch folder, ``/sandbox``.
  The checkout (``reference/``, the tests, other solution trees) is simply
  not there, and nothing outside ``/sandbox`` can be written;
- a new network namespace: no interface but a loopback that is down;
- new PID, IPC and UTS namespaces: the worker cannot see or signal any
  process outside its own, and when its first process dies, every process
  it started dies with it;
- then every privilege goes: as root, the worker becomes ``nobody``; as an
  ordinary user (a user namespace), it drops all capabilities. Either way
  ``no_new_privs`` is set, so nothing can regain them.

Resource limits (memory, file size, core dumps, CPU time, processes) apply
everywhere, namespaces or not. Memory is capped with RLIMIT_DATA (what the
process allocates), not RLIMIT_AS: TensorFlow and JAX reserve far more
address space than they use. Where namespaces are unavailable (macOS,
Windows, a container that forbids them), the worker still runs in its own
process with a scrubbed environment in a scratch folder, and says so: the
judge reports "process boundary only" with the reason.

Only the standard library is used here, so that the sandbox is in place
before anything else is imported.
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import select
import shutil
import signal
import sys
from dataclasses import dataclass, field
from typing import Dict, List, Optional

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MNT_DETACH = 2
PR_SET_PDEATHSIG, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS = 1, 24, 38
SYS_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41, "ppc64le": 203, "s390x": 217}
NOBODY = 65534

SANDBOX = "/sandbox"  # the worker's writable scratch folder, inside the sandbox
INBOX = "/kata/inbox"  # the read-only copy of the solution tree, inside the sandbox


@dataclass
class Plan:
    """What the worker may see. Paths are host paths, shown read-only at the same place
    inside; ``files`` maps a host file to the path it has inside (the MNIST file)."""

    root: str  # an empty host folder: the mount point of the new root
    inbox: str  # host folder holding the solution tree copy
    readonly: List[str] = field(default_factory=list)
    files: Dict[str, str] = field(default_factory=dict)
    scratch_mb: int = 1024
    namespaces: bool = True  # False: the process boundary only (KATA_SANDBOX=process)
    file_size_mb: int = 512
    cpu_seconds: int = 7200
    processes: int = 4096
    memory_mb: int = 6144  # heap and private mappings (RLIMIT_DATA), not reserved address space


@dataclass
class Confinement:
    """What protection is in effect, for the report."""

    namespaces: bool
    detail: str
    tree: str  # where the solution tree copy is, as the worker sees it
    scratch: str  # the writable folder


class Unavailable(Exception):
    """Namespaces cannot be used here; the message says why."""


_libc = None


def libc():
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
    return _libc


def _check(result: int, what: str) -> None:
    if result != 0:
        code = ctypes.get_errno()
        raise OSError(code, f"{what}: {os.strerror(code)}")


def mount(source: Optional[str], target: str, fstype: Optional[str], flags: int,
          options: Optional[str] = None) -> None:
    _check(libc().mount(source and source.encode(), target.encode(), fstype and fstype.encode(),
                        ctypes.c_ulong(flags), options and options.encode()), f"mount {target}")


def enter(plan: Plan) -> Confinement:
    """Confine this process (see the module docstring). Returns what is in effect.

    With namespaces, this forks: the calling process stays outside, waits for the
    confined child and exits with its status; only the child returns from here."""
    try:
        confinement = _enter_namespaces(plan)
    except Unavailable as error:
        confinement = _enter_process(plan, str(error))
    _limit_resources(plan)
    return confinement


def _enter_namespaces(plan: Plan) -> Confinement:
    if not plan.namespaces:
        raise Unavailable("namespaces turned off with KATA_SANDBOX=process")
    if not sys.platform.startswith("linux"):
        raise Unavailable(f"namespaces are a Linux feature; this is {sys.platform}")
    if platform.machine() not in SYS_PIVOT_ROOT:
        raise Unavailable(f"no pivot_root system call number known for {platform.machine()}")
    uid, gid = os.getuid(), os.getgid()
    flags = CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS
    if uid != 0:
        flags |= CLONE_NEWUSER
    if libc().unshare(ctypes.c_int(flags)) != 0:
        code = ctypes.get_errno()
        raise Unavailable(f"unshare: {os.strerror(code)} (errno {errno.errorcode.get(code, code)})")
    if uid != 0:
        _map_user(uid, gid)
    alive_read, alive_write = os.pipe()  # open in the parent for as long as it lives
    child = os.fork()  # the child is process 1 of the new PID namespace
    if child:
        os.close(alive_read)
        _wait_and_exit(child)
    os.close(alive_write)
    _check(libc().prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "prctl(PDEATHSIG)")
    if select.select([alive_read], [], [], 0)[0]:  # end of file: the parent died before prctl
        os._exit(1)
    os.close(alive_read)
    _build_root(plan, give_to_nobody=uid == 0)
    # Process 1 stays ours: it only waits. The learner's code runs in its child, so it can
    # neither undo the rule that process 1 dies with the judge, nor outlive process 1.
    worker = os.fork()
    if worker:
        _reap(worker)
    if uid == 0:
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)
        who = "user nobody"
    else:
        _drop_capabilities()
        who = "no capabilities"
    _check(libc().prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(NO_NEW_PRIVS)")
    os.chdir(SANDBOX)
    return Confinement(True, f"namespaces: no network, read-only filesystem outside {SANDBOX}, "
                             f"own process tree, {who}", f"{SANDBOX}/tree", SANDBOX)


def _map_user(uid: int, gid: int) -> None:
    """Inside a new user namespace, be root mapped onto the calling user."""
    try:
        with open("/proc/self/setgroups", "w") as handle:
            handle.write("deny")
        with open("/proc/self/uid_map", "w") as handle:
            handle.write(f"0 {uid} 1")
        with open("/proc/self/gid_map", "w") as handle:
            handle.write(f"0 {gid} 1")
    except OSError as error:
        raise Unavailable(f"user namespace mapping refused: {error}") from None


def die_with_parent() -> None:
    """Ask the kernel to kill this process when the process that started it (the judge)
    dies, however it dies: a worker never outlives its judge."""
    if sys.platform.startswith("linux"):
        parent = os.getppid()
        libc().prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the judge died before the line above
            os._exit(1)


def _reap(worker: int) -> None:
    """Process 1 of the namespace: collect every process that ends in it until the worker
    itself ends, then end with its status (which ends every process left in it)."""
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGUSR1):
        signal.signal(number, signal.SIG_IGN)
    while True:
        try:
            pid, status = os.waitpid(-1, 0)
        except ChildProcessError:
            os._exit(1)
        except InterruptedError:
            continue
        if pid == worker:
            os._exit(_exit_code(status))


def _exit_code(status: int) -> int:
    if hasattr(os, "waitstatus_to_exitcode"):
        code = os.waitstatus_to_exitcode(status)
        return code if code >= 0 else 128 - code
    return (status >> 8) & 0xFF


def _wait_and_exit(child: int) -> None:
    """The outside half: nothing but wait for the confined child and pass on its status."""
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGUSR1):
        signal.signal(number, signal.SIG_IGN)  # only SIGKILL (from the judge, or its death) ends us
    while True:
        try:
            _, status = os.waitpid(child, 0)
            break
        except ChildProcessError:
            status = 0
            break
        except InterruptedError:
            continue
    os._exit(_exit_code(status))


def _build_root(plan: Plan, give_to_nobody: bool) -> None:
    """A fresh root: an empty tmpfs, read-only binds of what is needed, then pivot_root."""
    mount(None, "/", None, MS_REC | MS_PRIVATE)
    new = plan.root
    mount("tmpfs", new, "tmpfs", MS_NOSUID | MS_NODEV, "size=16m,mode=0755")
    for top in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        host = f"/{top}"
        if os.path.islink(host):
            os.symlink(os.readlink(host), f"{new}/{top}")
    for path in _covering(plan.readonly):
        _bind_readonly(path, new + path)
    for host, inside in plan.files.items():
        _bind_readonly(host, new + inside)
    _bind_readonly(plan.inbox, new + INBOX)
    os.makedirs(new + "/dev", exist_ok=True)
    accelerators = _accelerators()
    for device in ("null", "zero", "random", "urandom", "full", *accelerators):
        _bind(f"/dev/{device}", f"{new}/dev/{device}", readonly=False)
    if accelerators:  # CUDA's driver reads the devices' description there
        _bind_readonly("/sys", new + "/sys")
    else:  # the CPUs' topology and cache sizes: oneDNN and Eigen size their work by them
        for system in CPU_DESCRIPTIONS:
            if os.path.isdir(system):
                _bind_readonly(system, new + system)
    _mount_tmpfs(new + "/dev/shm", 64)
    _mount_tmpfs(new + SANDBOX, plan.scratch_mb)
    os.makedirs(new + "/proc", exist_ok=True)
    try:  # a /proc of our own PID namespace only: the host's processes stay invisible
        mount("proc", new + "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    except OSError:
        pass  # some containers refuse it; without /proc Python and NumPy still work
    os.makedirs(new + "/.old", exist_ok=True)
    _check(libc().syscall(SYS_PIVOT_ROOT[platform.machine()], new.encode(), (new + "/.old").encode()),
           "pivot_root")
    os.chdir("/")
    _check(libc().umount2(b"/.old", MNT_DETACH), "umount old root")
    os.rmdir("/.old")
    mount(None, "/", None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
    shutil.copytree(INBOX + "/tree", SANDBOX + "/tree")
    for folder in ("home", "tmp"):
        os.makedirs(f"{SANDBOX}/{folder}", exist_ok=True)
    if give_to_nobody:  # the worker runs as nobody: its scratch folder must be its own
        for base, folders, files in os.walk(SANDBOX):
            for name in [base, *(os.path.join(base, f) for f in folders + files)]:
                os.lchown(name, NOBODY, NOBODY)


CPU_DESCRIPTIONS = ("/sys/devices/system/cpu", "/sys/devices/system/node")


def _accelerators() -> List[str]:
    """NVIDIA's device files, where there are any: learner code may train on the GPU."""
    try:
        return sorted(name for name in os.listdir("/dev") if name.startswith("nvidia"))
    except OSError:
        return []


def _covering(paths: List[str]) -> List[str]:
    """The real, existing paths, without those already inside another one."""
    real = sorted({os.path.realpath(p) for p in paths if os.path.exists(p)})
    kept: List[str] = []
    for path in real:
        if not any(path == k or path.startswith(k.rstrip("/") + "/") for k in kept):
            kept.append(path)
    return kept


def _bind_readonly(source: str, target: str) -> None:
    _bind(source, target, readonly=True)


def _bind(source: str, target: str, readonly: bool) -> None:
    if os.path.isdir(source):
        os.makedirs(target, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        open(target, "a").close()
    mount(source, target, None, MS_BIND | MS_REC)
    if readonly:
        # The flags the source mount already has must be kept (a user namespace may
        # not clear them); read-only, no set-uid and no devices are added.
        kept = 0
        for flag_name, flag in (("ST_NOEXEC", MS_NOEXEC), ("ST_NOSUID", MS_NOSUID), ("ST_NODEV", MS_NODEV)):
            if os.statvfs(source).f_flag & getattr(os, flag_name, 0):
                kept |= flag
        mount(None, target, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | kept)


def _mount_tmpfs(target: str, size_mb: int) -> None:
    os.makedirs(target, exist_ok=True)
    mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, f"size={size_mb}m,mode=1777")


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


def _drop_capabilities() -> None:
    """Empty the bounding set and every capability set of this process (root of a user
    namespace keeps its capabilities otherwise, enough to remount what we made read-only)."""
    for capability in range(64):
        if libc().prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            if ctypes.get_errno() == errno.EINVAL:  # past the last capability the kernel knows
                break
            _check(-1, f"prctl(CAPBSET_DROP, {capability})")
    header = _CapHeader(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3
    data = (_CapData * 2)()
    _check(libc().capset(ctypes.byref(header), data), "capset")


def _enter_process(plan: Plan, reason: str) -> Confinement:
    """No namespaces: the worker works in a copy of the tree in its own scratch folder."""
    scratch = os.path.join(os.path.dirname(plan.inbox), "sandbox")
    shutil.copytree(os.path.join(plan.inbox, "tree"), os.path.join(scratch, "tree"))
    for folder in ("home", "tmp"):
        os.makedirs(os.path.join(scratch, folder), exist_ok=True)
    os.chdir(scratch)
    return Confinement(False, f"process boundary only ({reason}): the worker's code can read "
                              f"and write what the grading user can", os.path.join(scratch, "tree"), scratch)


def _limit_resources(plan: Plan) -> None:
    try:
        import resource
    except ImportError:  # Windows
        return
    mb = 1024 * 1024
    for name, value in (("RLIMIT_CORE", 0), ("RLIMIT_FSIZE", plan.file_size_mb * mb),
                        ("RLIMIT_DATA", plan.memory_mb * mb),
                        ("RLIMIT_CPU", plan.cpu_seconds), ("RLIMIT_NPROC", plan.processes)):
        limit = getattr(resource, name, None)
        if limit is None:
            continue
        soft, hard = resource.getrlimit(limit)
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        try:
            resource.setrlimit(limit, (value, value))
        except (ValueError, OSError):
            pass
