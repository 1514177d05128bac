import sys

from benchmarks import parsing, upload


def main() -> int:
    parsing.main()
    print()
    upload.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
