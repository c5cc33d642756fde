import sys

from kata.tools.cli import main

sys.exit(main())
