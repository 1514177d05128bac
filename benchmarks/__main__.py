import subprocess
import sys

from benchmarks import exports, load, parsing, reuse


def _alone(name: str) -> None:
    """A benchmark that sets Django up on a database of its own: in a process of its own, since
    Django reads its settings once per process."""
    done = subprocess.run([sys.executable, "-m", f"benchmarks.{name}"], check=False)
    if done.returncode:
        print(f"benchmarks.{name}: failed with exit status {done.returncode}")


def main() -> int:
    parsing.main()
    print()
    _alone("upload")
    print()
    _alone("dashboard")
    print()
    _alone("province")
    print()
    exports.main()
    print()
    _alone("hostile")
    print()
    load.main()
    print()
    reuse.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
