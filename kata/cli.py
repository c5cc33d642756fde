"""The ``kata`` command (placeholder until the CLI lands: it points at pytest)."""

import sys


def main(argv=None) -> int:
    print("dnn-kata: run the exercises with pytest, for example\n"
          "  pytest exercises/ex5_1                       # your code\n"
          "  pytest exercises --solutions reference       # the reference solutions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
