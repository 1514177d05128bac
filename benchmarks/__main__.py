import sys

from benchmarks import dashboard, parsing, upload


def main() -> int:
    parsing.main()
    print()
    upload.main()
    print()
    dashboard.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
