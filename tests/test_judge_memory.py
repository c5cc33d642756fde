"""The judge's own memory stays bounded whatever a worker sends: an answer's size is
read from its arrays' headers and refused before any of it is read, a worker's printed
output is kept as a bounded tail while it arrives, and the judge process itself runs
under a memory limit when grading. (Models too large are in test_wire.py.)"""

import io
import os
import resource
import subprocess
import sys
import threading

import numpy as np
import pytest

from kata.tools import runner
from kata.worker import bounds, wire
from kata.worker.tail import Drain, Tail

pytestmark = [pytest.mark.tooling, pytest.mark.timeout(60)]


def npy(array) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def header_only(shape, dtype) -> bytes:
    """The blob of a huge array, without its data: the check reads headers only."""
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        buffer, {"descr": np.lib.format.dtype_to_descr(np.dtype(dtype)), "fortran_order": False,
                 "shape": shape})
    return buffer.getvalue() + b"\0" * 1024


def test_an_answer_is_refused_from_its_headers_with_the_size_it_claims():
    blobs = [header_only((1 << 30,), bool), npy(np.zeros(3))]
    with pytest.raises(bounds.AnswerTooLarge) as caught:
        bounds.check_answer(blobs, bounds.limit_for(5, 0), 5, 2, "ex5_1 `relu`")
    message = str(caught.value)
    assert message.startswith("ex5_1 `relu`: the answer is ") and "1,073,741,827 numbers" in message
    assert "shape (1073741824,) and dtype bool" in message and "this test expects 5 numbers" in message


def test_an_answer_within_its_bound_passes_and_the_default_bound_grows_with_what_was_sent():
    bounds.check_answer([npy(np.zeros(5)), npy(np.float32(1.0))], 6, 6, 5, "ex5_1 `relu`")
    assert bounds.limit_for(None, 10) == bounds.DEFAULT_NUMBERS
    assert bounds.limit_for(None, 10 ** 8) == bounds.PER_NUMBER_SENT * 10 ** 8
    with pytest.raises(bounds.AnswerTooLarge, match="the call was given 2 numbers, and an answer may "
                                                    "hold at most 16,777,216 numbers"):
        bounds.check_answer([header_only((1 << 12, 1 << 12, 2), "float32")], bounds.limit_for(None, 2),
                            None, 2, "ex5_1 `relu`")
    # strings count by their width; a blob without a readable header is refused unread
    assert bounds.numbers_in((10,), np.dtype("<U40")) == 200
    with pytest.raises(bounds.AnswerTooLarge, match="something other than a plain array"):
        bounds.check_answer([npy(np.zeros(2)), b"\x93NUMPY\x02\x00" + b"\xff" * 64], 10, None, 0, "x")


def test_the_encoder_counts_the_numbers_it_sends():
    encoder = wire.Encoder()
    encoder.encode([np.zeros((3, 4)), np.int64(2), 7.0])
    assert encoder.numbers == 14  # a Python number counts as one


def test_a_tail_keeps_the_last_characters_and_says_how_many_it_dropped():
    tail = Tail(10)
    for piece in ("abc", "defgh", "ijklmn"):
        tail.append(piece)
    assert tail.size == 10 and "".join(tail.parts) == "efghijklmn" and tail.dropped == 4
    assert tail.text() == "[... 4 characters of output left out ...]\nefghijklmn"
    mark = tail.total
    tail.append("x" * 25)
    assert "".join(tail.parts) == "x" * 10 and tail.dropped == 29 and tail.since(mark) == "x" * 10
    tail.clear()
    tail.append("ok")
    assert tail.text() == "ok" and tail.since(tail.total - 1) == "k"


def test_a_worker_printing_megabytes_is_drained_into_a_bounded_tail(monkeypatch):
    monkeypatch.setattr(Drain, "LIMIT", 4096)
    read, write = os.pipe()
    drain = Drain()
    drain.start(read)
    line = ("é" * 50 + "\n").encode()  # two bytes a character: chunks split them
    writer = threading.Thread(target=lambda: [os.write(write, line * 2000) for _ in range(50)])
    writer.start()
    writer.join(30)
    os.close(write)
    drain.wait(10)
    text = drain.take()
    assert text.startswith("[... ") and len(text) < 4096 + 100 and text.endswith("é\n")
    assert "\ufffd" not in text
    assert drain._pending.size == 0 and drain._recent.size <= 4096 and drain.take() == ""


@pytest.mark.skipif(not hasattr(resource, "prlimit"), reason="Linux only")
def test_the_judge_process_runs_under_a_memory_limit():
    child = subprocess.Popen([sys.executable, "-c", "import sys, time; sys.stdin.read(); "
                              "b = bytearray(400 << 20)"], stdin=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    try:
        assert runner.limit_memory(child.pid, 200)
        soft, _ = resource.prlimit(child.pid, resource.RLIMIT_DATA)
        assert soft == 200 << 20
    finally:
        _, error = child.communicate(b"", timeout=30)
    assert child.returncode != 0 and b"MemoryError" in error
