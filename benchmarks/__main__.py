import subprocess
import sys

from benchmarks import dashboard, exports, load, parsing, province, reuse, upload


def main() -> int:
    parsing.main()
    print()
    upload.main()
    print()
    dashboard.main()
    print()
    province.main()
    print()
    exports.main()
    print()
    # Its own process: it sets Django up on a database of its own.
    subprocess.run([sys.executable, "-m", "benchmarks.hostile"], check=False)
    print()
    load.main()
    print()
    reuse.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
