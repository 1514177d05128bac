"""`python -m benchmarks.memory FORMAT COUNT`: check COUNT files, print peak RSS in MiB."""

import resource
import sys

from benchmarks.samples import renderings
from reports.parsing import check_file


def main(fmt: str, count: int) -> None:
    _source, by_format = renderings()
    files = by_format[fmt]
    for index in range(count):
        name, data = files[index % len(files)]
        check_file(data, name)
    # ru_maxrss is in KiB on Linux.
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
