"""Submissions: a folder or a ``.zip`` file, read into a snapshot of plain files.

Tools side. Nothing here runs learner code; it only decides which files a
submission is made of, refusing what could reach outside it:

- a zip entry with an absolute path, a ``..`` part, or a link; an encrypted
  entry; more than ``MAX_FILES`` files or ``MAX_BYTES`` bytes unpacked (a zip
  bomb stops at the cap, whatever its headers claim);
- in a folder, a symbolic link (it could point at ``reference/``).

A submission is laid out like ``exercises/`` (``ex5_1/forward.py``, ...),
possibly inside one top folder, or inside ``exercises/`` of a whole copy of
the kata (what a learner's GitHub Classroom repository holds). The snapshot
keeps only that tree. It is graded from a fresh scratch copy, so a run never
changes the instructor's files, and its content hash (``Snapshot.digest``)
tells a rerun what is unchanged.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

from kata import catalog
from kata.tools.common import UsageError

MAX_BYTES = 50 * 2**20  # unpacked, per submission: code, not data sets
MAX_FILES = 5000
MAX_ZIP_ENTRIES = 100_000
IGNORED = {"__pycache__", ".git", ".ipynb_checkpoints", "__MACOSX", ".DS_Store", ".pytest_cache"}


class NotASubmission(Exception):
    """What is wrong with a folder or zip, in one sentence."""


@dataclass(frozen=True)
class Source:
    """One submission as named on the command line or found in a class folder."""

    name: str  # the folder's name, or the zip's without .zip
    path: Path

    @property
    def label(self) -> str:
        return str(self.path)


@dataclass(frozen=True)
class Snapshot:
    """The files of a submission's tree: POSIX relative path -> content."""

    files: Dict[str, bytes]
    inner: str = ""  # where the tree was found inside the source ("exercises", "ada/exercises")

    @property
    def digest(self) -> str:
        digest = hashlib.sha256()
        for name in sorted(self.files):
            digest.update(name.encode() + b"\0" + hashlib.sha256(self.files[name]).digest())
        return digest.hexdigest()

    def write(self, root: Path) -> None:
        for name, content in sorted(self.files.items()):
            target = root.joinpath(*_safe_parts(name))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)


def _safe_parts(name: str) -> Tuple[str, ...]:
    """The parts of a relative path, or NotASubmission when it could leave its folder."""
    unified = name.replace("\\", "/")
    path = PurePosixPath(unified)
    if unified.startswith("/") or (len(unified) > 1 and unified[1] == ":") or path.is_absolute():
        raise NotASubmission(f"it holds an absolute path ({name})")
    parts = tuple(part for part in path.parts if part not in ("", "."))
    if ".." in parts:
        raise NotASubmission(f"it holds a path that climbs out of it ({name})")
    return parts


def _tree_prefix(names: Sequence[str]) -> Optional[str]:
    """Where the exercise modules sit among ``names`` (relative POSIX paths): "" for the
    top, else one of "exercises/", "TOP/", "TOP/exercises/"; None when nowhere."""
    present = set(names)
    tops = {name.split("/", 1)[0] for name in names if "/" in name} - IGNORED
    candidates = ["", "exercises/"]
    if len(tops) == 1:
        top = next(iter(tops))
        candidates += [f"{top}/", f"{top}/exercises/"]
    for prefix in candidates:
        if any(f"{prefix}{e.filename}" in present for e in catalog.EXERCISES):
            return prefix
    return None


def _not_found(what: str) -> NotASubmission:
    return NotASubmission(f"{what} holds none of the exercise modules ({catalog.EXERCISES[0].filename}, "
                          f"...); a submission is laid out like exercises/")


def read_folder(folder: Path) -> Snapshot:
    """The snapshot of a submission folder (regular files only; a link refuses it)."""
    prefix = _tree_prefix(list(_relative_files(folder, shallow=True)))
    if prefix is None:
        raise _not_found("it")
    root = folder / prefix if prefix else folder
    files: Dict[str, bytes] = {}
    size = 0
    for relative in _relative_files(root):
        path = root / relative
        if path.is_symlink():
            raise NotASubmission(f"{prefix}{relative} is a symbolic link; a submission is graded "
                                 f"from regular files only")
        if not path.is_file():
            continue
        size += path.stat().st_size
        _check_caps(len(files) + 1, size)
        files[relative] = path.read_bytes()
    return Snapshot(files, prefix.rstrip("/"))


def _relative_files(root: Path, shallow: bool = False) -> Iterator[str]:
    """Relative POSIX paths below ``root`` (links included, not followed). With
    ``shallow``, only as deep as a tree prefix and an exercise module can be."""
    for folder, dirs, files in os.walk(root):
        relative = Path(folder).relative_to(root)
        dirs[:] = sorted(d for d in dirs if d not in IGNORED and not d.endswith(".egg-info")
                         and not (shallow and len(relative.parts) >= 3))
        links = [d for d in dirs if (Path(folder) / d).is_symlink()]
        for name in sorted(files) + links:
            if name not in IGNORED and not name.endswith((".pyc", ".pyo")):
                yield (relative / name).as_posix()


def read_zip(path: Path) -> Snapshot:
    """The snapshot of a zipped submission; NotASubmission for anything unsafe in it."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise NotASubmission(f"it is not a readable zip file ({error})") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise NotASubmission(f"it holds {len(entries)} entries, more than {MAX_ZIP_ENTRIES}")
        members: Dict[str, zipfile.ZipInfo] = {}
        for info in entries:
            parts = _safe_parts(info.filename)
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise NotASubmission(f"it holds a link ({info.filename})")
            if info.flag_bits & 0x1:
                raise NotASubmission(f"it holds an encrypted file ({info.filename})")
            if info.is_dir() or not parts or any(part in IGNORED for part in parts):
                continue
            members["/".join(parts)] = info
        prefix = _tree_prefix(list(members))
        if prefix is None:
            raise _not_found("it")
        files: Dict[str, bytes] = {}
        size = 0
        for name, info in sorted(members.items()):
            if not name.startswith(prefix) or name.endswith((".pyc", ".pyo")):
                continue
            _check_caps(len(files) + 1, size + info.file_size)
            try:
                with archive.open(info) as stream:
                    content = stream.read(MAX_BYTES - size + 1)
            except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, OSError,
                    ValueError) as error:
                raise NotASubmission(f"{name} cannot be unpacked ({error})") from None
            size += len(content)
            _check_caps(len(files) + 1, size)
            files[name[len(prefix):]] = content
    return Snapshot(files, prefix.rstrip("/"))


def _check_caps(count: int, size: int) -> None:
    if count > MAX_FILES:
        raise NotASubmission(f"it holds more than {MAX_FILES} files")
    if size > MAX_BYTES:
        raise NotASubmission(f"it holds more than {MAX_BYTES // 2**20} MiB of files")


def is_zip(path: Path) -> bool:
    return path.suffix.lower() == ".zip"


def read(source: Source) -> Snapshot:
    return read_zip(source.path) if is_zip(source.path) else read_folder(source.path)


def snapshot_or_usage_error(source: Source) -> Snapshot:
    """For a submission named on the command line: bad input is the user's to fix."""
    try:
        return read(source)
    except NotASubmission as error:
        raise UsageError(f"{source.path} is not a submission: {error}") from None


def source_for(argument: str) -> Source:
    """A submission named on the command line (UsageError for a missing path)."""
    path = Path(argument).expanduser()
    if path.is_dir() or (path.is_file() and is_zip(path)):
        return Source(_name_of(path), path.resolve())
    if path.exists():
        raise UsageError(f"{argument}: a submission is a folder or a .zip file")
    raise UsageError(f"{argument}: no such folder")


def sources_in(folder: Path, leave_out: Sequence[Path] = ()) -> List[Source]:
    """Every submission in a class folder: its sub-folders and .zip files, by name."""
    if not folder.is_dir():
        raise UsageError(f"{folder}: no such folder")
    skipped = {p.resolve() for p in leave_out}
    found = [Source(_name_of(p), p.resolve()) for p in sorted(folder.iterdir())
             if not p.name.startswith(".") and p.name not in IGNORED and p.resolve() not in skipped
             and (p.is_dir() or (p.is_file() and is_zip(p)))]
    if not found:
        raise UsageError(f"{folder} holds no submissions (sub-folders or .zip files)")
    return found


def _name_of(path: Path) -> str:
    path = path.resolve()
    return path.stem if is_zip(path) else path.name


def check_unique(sources: Sequence[Source]) -> None:
    seen: Dict[str, Path] = {}
    for source in sources:
        if source.name in seen:
            raise UsageError(f"two submissions are called {source.name} ({seen[source.name]} and "
                             f"{source.path}); each needs its own name")
        seen[source.name] = source.path


def label_of(source: Source, snapshot: Snapshot) -> str:
    """How a submission's tree is named in messages: its folder, or where it sits in a zip."""
    if is_zip(source.path):
        return f"{source.path}:{snapshot.inner}" if snapshot.inner else str(source.path)
    return str(source.path / snapshot.inner) if snapshot.inner else str(source.path)


def grade_snapshot(snapshot: Snapshot, label: str, timeout: Optional[float],
                   exercises: Optional[Sequence[str]]) -> dict:
    """Grade a snapshot from a fresh scratch copy, through ``grade_submission``, and name
    the tree ``label`` in the report (not the scratch folder, which is gone). This is
    what runs for every submission, here or on a Dask worker."""
    from kata.tools.grade import grade_submission

    with tempfile.TemporaryDirectory(prefix="kata-submission-") as scratch:
        tree = Path(scratch) / "tree"
        tree.mkdir()
        snapshot.write(tree)
        report = grade_submission(tree, timeout, exercises)
        return relabelled(report, [str(tree.resolve()), str(tree)], label)


def relabelled(report: dict, old: Sequence[str], label: str) -> dict:
    def fix(text: str) -> str:
        for name in old:
            text = text.replace(name, label)
        return text

    copy = dict(report, solutions=label, reason=fix(report.get("reason", "")))
    copy["exercises"] = [dict(row, reason=fix(row.get("reason", "")),
                              failures=[dict(f, message=fix(f["message"])) for f in row["failures"]])
                         for row in report.get("exercises", [])]
    return copy


def refused(label: str, reason: str) -> dict:
    """The report of a submission that cannot be graded at all."""
    return {"solutions": label, "status": "refused", "reason": reason, "exercises": []}
