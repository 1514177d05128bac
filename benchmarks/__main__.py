import sys

from benchmarks import dashboard, exports, parsing, upload


def main() -> int:
    parsing.main()
    print()
    upload.main()
    print()
    dashboard.main()
    print()
    exports.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
