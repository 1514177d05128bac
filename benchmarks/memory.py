"""`python -m benchmarks.memory FORMAT COUNT`: check COUNT files, print peak RSS in MiB."""

import sys

from benchmarks.rss import peak_rss_mib
from benchmarks.samples import renderings
from reports.parsing import check_file


def main(fmt: str, count: int) -> None:
    _source, by_format = renderings([fmt])
    files = by_format[fmt]
    for index in range(count):
        name, data = files[index % len(files)]
        check_file(data, name)
    print(peak_rss_mib())


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
