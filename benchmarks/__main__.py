import sys

from benchmarks import parsing


def main() -> int:
    parsing.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
