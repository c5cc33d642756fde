"""TensorFlow's native log lines are dropped from captured output; nothing else is."""

import pytest

from kata import quiet

pytestmark = pytest.mark.timeout(10)

NOISE = [
    "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR",
    "I0000 00:00:1795551502.712009    3398 port.cc:153] oneDNN custom operations are on. "
    "You may see slightly different numerical results.",
    "I0000 00:00:1795551587.683227    3530 cpu_feature_guard.cc:227] This TensorFlow binary "
    "is optimized to use available CPU instructions in performance-critical operations.",
    "To enable the following instructions: AVX2 FMA, in other operations, rebuild TensorFlow "
    "with the appropriate compiler flags.",
]


def test_native_tensorflow_lines_are_dropped():
    assert quiet.strip_native_logs("\n".join(NOISE) + "\n") == ""


@pytest.mark.parametrize("line", [
    "my debugging output",
    "WARNING: my own warning",
    "Traceback (most recent call last):",
    "UserWarning: something the learner's code caused",
])
def test_other_lines_are_kept(line):
    text = NOISE[0] + "\n" + line + "\n" + NOISE[1] + "\n"
    assert quiet.strip_native_logs(text) == line + "\n"
