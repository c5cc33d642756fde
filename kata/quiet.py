"""Keep TensorFlow's and Keras's chatter out of test output.

Two kinds of noise are silenced, and nothing else:

- logs: TensorFlow's C++ start-up lines (CPU features, oneDNN, CUDA probing)
  and its Python loggers, which are never about the learner's code;
- a short, explicit list of warnings that Keras itself raises for code the
  exercises accept (see ``KNOWN_WARNINGS``). Warnings that any other code
  raises, the learner's included, still show.
"""

from __future__ import annotations

import logging
import re
import os
import sys

# (message regex, category) pairs, written as pytest ``filterwarnings`` lines.
# Each entry says why it is safe to hide.
KNOWN_WARNINGS = (
    # Keras 3 prefers keras.Input over input_shape=; the contract accepts both.
    r"ignore:.*Do not pass an `input_shape`/`input_dim` argument to a layer:UserWarning",
    # Emitted by protobuf/TF on import on some versions, never about learner code.
    r"ignore:.*np\.object.*is a deprecated alias:DeprecationWarning",
    r"ignore:.*pkg_resources is deprecated as an API:DeprecationWarning",
    r"ignore:.*distutils Version classes are deprecated:DeprecationWarning",
    # Keras 2.15 seeds layer initialisers with random.randint(0, 1e9), a float bound.
    r"ignore:non-integer arguments to randrange\(\) have been deprecated:DeprecationWarning",
    # Keras 3 on the JAX backend, converting its variables for get_weights() under NumPy 2.
    r"ignore:__array__ implementation doesn't accept a copy keyword:DeprecationWarning",
    # Older matplotlib (Python 3.9) calling newer pyparsing's renamed functions.
    r"ignore:.* deprecated - use:DeprecationWarning:matplotlib\._",
)


def environment() -> None:
    """Set before TensorFlow (or JAX) is imported: its C++ log level, and, on a GPU, memory
    taken as needed rather than all at once, so that the judge and a worker can share it."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # hide INFO, WARNING and ERROR start-up lines
    os.environ.setdefault("TF_FORCE_GPU_ALLOW_GROWTH", "true")
    os.environ.setdefault("XLA_PYTHON_CLIENT_PREALLOCATE", "false")


_python_loggers_quiet = False


def tensorflow_logs() -> None:
    """Quieten TensorFlow's Python-side loggers, once TensorFlow is imported."""
    global _python_loggers_quiet
    environment()
    if _python_loggers_quiet or "tensorflow" not in sys.modules:
        return
    logging.getLogger("tensorflow").setLevel(logging.ERROR)
    try:
        from absl import logging as absl_logging

        absl_logging.set_verbosity(absl_logging.ERROR)
    except ImportError:
        pass
    _python_loggers_quiet = True


# Lines that TensorFlow's C++ runtime writes straight to stderr on import, before
# (or regardless of) TF_CPP_MIN_LOG_LEVEL: the absl preamble, glog-style
# "I0000 00:00:... file.cc:123] ..." lines and the CPU-feature notice.
_NATIVE_LOG_LINE = re.compile(
    r"^(WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR"
    r"|[IWE]\d{4} \d\d:\d\d:\d+\.\d+\s+\d+ [\w.]+:\d+\] .*"
    r"|To enable the following instructions: .*rebuild TensorFlow with the appropriate compiler flags\.)$"
)


def strip_native_logs(text: str) -> str:
    """``text`` without TensorFlow's native log lines; everything else is kept."""
    return "".join(line for line in text.splitlines(keepends=True)
                   if not _NATIVE_LOG_LINE.match(line.rstrip("\n")))
