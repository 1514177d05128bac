"""Who is there: a province's regions, agencies, aliases, staff and reviewers, in bulk.

One province (江岭省, code 900000), its cities (临江市, 900100) and their counties (青川县, 900101);
each region's path is the chain of primary keys from the province down ("/1/2/5/"), as
Region.save() would have set it. 15,000 agencies make ~14 cities of ~9 counties each:

    江岭省 ── 江岭省人民政府, 江岭省司法厅 … (reviewer load-p01)
      临江市 ── 临江市人民政府, 临江市司法局 … (load-c01)
        青川县 ── 青川县人民政府, 青川县司法局, 青川县白石镇人民政府 … (load-r001)

Each legal office reads the reports of its own level: a county's office its county's agencies, a
city's office the city's own departments, the province's its departments and government. A city
or province reviewer still sees everything below through the path.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from benchmarks.loadgen import names
from benchmarks.loadgen.names import AgencySpec
from reports.models import Agency, AgencyAlias, Region, Role, User, pinyin_key

USERNAME_PREFIX = "load-"
#: What follows the prefix in a reviewer's username: load-r001 reviews a county, load-c01 a
#: city, load-p01 the province.
REVIEWER_LETTERS = {Region.Level.COUNTY: "r", Region.Level.CITY: "c", Region.Level.PROVINCE: "p"}
# A province of 15,000 agencies has ~120 counties in ~14 cities.
AGENCIES_PER_COUNTY = 125
COUNTIES_PER_CITY = 8.5
# A model area (示范地区) in about one county in sixty, and in every run.
COUNTIES_PER_MODEL_AREA = 60
BATCH = 500


@dataclass
class Office:
    """One region's own agencies and the reviewers who read their reports."""

    region: Region
    agencies: list[Agency] = field(default_factory=list)
    reviewers: list[User] = field(default_factory=list)


@dataclass(frozen=True)
class ReviewerSample:
    """The reviewers of one level, and what the first of them sees."""

    level: str
    usernames: tuple[str, ...]  # one per region, in order: load-r001, load-r002…
    seconds: int  # regions with a second reviewer, load-r004-2
    region: str  # the first one's region
    cities: int  # below it
    counties: int
    agencies: int  # that the first one sees


@dataclass
class Province:
    offices: list[Office]  # the province's, then each city's followed by its counties'
    clerks: dict[int, list[User]]  # by agency pk
    reviewer_samples: list[ReviewerSample]
    counts: Counter[str]


@dataclass(frozen=True)
class _Plan:
    """How many agencies each region has at its own level."""

    province: int
    cities: list[int]
    counties: list[list[int]]  # by city
    model_areas: frozenset[tuple[int, int]]  # (city, county) positions


def build_province(agency_count: int, rng: random.Random, *, joined: datetime.datetime) -> Province:
    """Regions, agencies, aliases and people for `agency_count` agencies in one province."""
    plan = _plan(agency_count, rng)
    province, cities, counties = _regions(plan, rng)
    agencies, aliases = _agencies(_specs(plan, province, cities, counties, rng))
    offices = {region.pk: Office(region) for region in [province, *cities, *counties]}
    for agency in agencies:
        offices[agency.region_id].agencies.append(agency)
    levels = {
        Region.Level.PROVINCE: [province],
        Region.Level.CITY: cities,
        Region.Level.COUNTY: counties,
    }
    clerks = _people(agencies, offices, levels, rng, joined)

    counts: Counter[str] = Counter(
        {
            "regions": len(offices),
            "cities": len(cities),
            "counties": len(counties),
            "agencies": len(agencies),
            "aliases": len(aliases),
            "agency users": sum(map(len, clerks.values())),
            "reviewers": sum(len(office.reviewers) for office in offices.values()),
        }
    )
    samples = [
        _sample(level, levels[level], offices, agencies)
        for level in (Region.Level.COUNTY, Region.Level.CITY, Region.Level.PROVINCE)
    ]
    ordered = [offices[province.pk]]
    for city in cities:
        ordered.append(offices[city.pk])
        ordered += [offices[county.pk] for county in counties if county.parent_id == city.pk]
    return Province(ordered, clerks, samples, counts)


def _people(
    agencies: list[Agency],
    offices: dict[int, Office],
    levels: dict[str, list[Region]],
    rng: random.Random,
    joined: datetime.datetime,
) -> dict[int, list[User]]:
    """Each agency's staff (returned, by agency pk) and each office's reviewers (on the office)."""
    password = make_password(None)  # no one signs in with one: benchmarks make sessions

    def user(username: str, role: str, agency: Agency | None = None) -> User:
        family, given = names.person(rng)
        return User(
            username=f"{USERNAME_PREFIX}{username}",
            role=role,
            agency=agency,
            last_name=family,
            first_name=given,
            password=password,
            date_joined=joined,
        )

    clerks: dict[int, list[User]] = {}
    for number, agency in enumerate(agencies, start=1):
        clerks[agency.pk] = [user(f"a{number:05d}", Role.AGENCY, agency)]
        if rng.random() < 0.15:
            clerks[agency.pk].append(user(f"a{number:05d}-2", Role.AGENCY, agency))
    for level, regions in levels.items():
        width = 3 if level == Region.Level.COUNTY else 2
        for number, region in enumerate(regions, start=1):
            username = f"{REVIEWER_LETTERS[level]}{number:0{width}d}"
            office = offices[region.pk]
            office.reviewers.append(user(username, Role.REVIEWER))
            # The province's own reports are a few dozen a year: one reviewer reads them.
            if level != Region.Level.PROVINCE and rng.random() < 0.3:
                office.reviewers.append(user(f"{username}-2", Role.REVIEWER))
    reviewers = [reviewer for office in offices.values() for reviewer in office.reviewers]
    staff = [clerk for people in clerks.values() for clerk in people]
    User.objects.bulk_create(staff + reviewers, batch_size=BATCH)
    Through = User.regions.through
    Through.objects.bulk_create(
        [
            Through(user_id=reviewer.pk, region_id=office.region.pk)
            for office in offices.values()
            for reviewer in office.reviewers
        ],
        batch_size=BATCH,
    )
    return clerks


def _plan(agency_count: int, rng: random.Random) -> _Plan:
    county_count = max(1, round(agency_count / AGENCIES_PER_COUNTY))
    city_count = max(1, round(county_count / COUNTIES_PER_CITY))
    counties_per_city = _split(county_count, city_count, rng)
    province = 1 + min(rng.randint(38, len(names.PROVINCIAL_DEPARTMENTS)), agency_count // 25)
    per_city = agency_count // city_count
    cities = [
        1 + min(rng.randint(40, len(names.DEPARTMENTS)), per_city // 20) for _ in range(city_count)
    ]
    # A small run keeps an agency in every county: the levels above give way, their
    # departments first, then their governments.
    upper = [province, *cities]
    excess = sum(upper) - (agency_count - county_count)
    for floor in (1, 0):
        for index in reversed(range(len(upper))):
            cut = max(0, min(excess, upper[index] - floor))
            upper[index] -= cut
            excess -= cut
    sizes = iter(_split(agency_count - sum(upper), county_count, rng))
    counties = [[next(sizes) for _ in range(count)] for count in counties_per_city]
    positions = [
        (city, county) for city, count in enumerate(counties_per_city) for county in range(count)
    ]
    model_count = max(1, round(county_count / COUNTIES_PER_MODEL_AREA))
    return _Plan(upper[0], upper[1:], counties, frozenset(rng.sample(positions, model_count)))


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` in `parts` parts of about the same size, neighbours differing by up to a fifth."""
    sizes = [total // parts] * parts
    for index in range(total % parts):
        sizes[index] += 1
    for index in range(0, parts - 1, 2):
        moved = rng.randint(0, sizes[index] // 5)
        sizes[index] -= moved
        sizes[index + 1] += moved
    return sizes


def _regions(plan: _Plan, rng: random.Random) -> tuple[Region, list[Region], list[Region]]:
    """The province, its cities and their counties, each with its path."""
    existing = list(Region.objects.values_list("name", "code"))
    stems = {name[:-1] for name, _code in existing}
    codes = {code for _name, code in existing}
    prefix = next((p for p in range(90, 100) if not any(c.startswith(str(p)) for c in codes)), None)
    if prefix is None:
        raise ValueError("Every region code prefix from 90 to 99 is taken: no room for a province.")
    city_digits = max(2, len(str(len(plan.cities))))
    county_digits = max(2, len(str(max(len(counties) for counties in plan.counties))))

    def code(city: int = 0, county: int = 0) -> str:
        return f"{prefix}{city:0{city_digits}d}{county:0{county_digits}d}"

    province_name = names.region_names(1, "省", rng, stems)[0]
    province = Region.objects.bulk_create(
        [
            Region(
                name=province_name,
                code=code(),
                level=Region.Level.PROVINCE,
                office_name=f"{province_name}司法厅",
            )
        ]
    )[0]
    city_names = names.region_names(len(plan.cities), "市", rng, stems)
    cities = Region.objects.bulk_create(
        [
            Region(name=name, code=code(number), level=Region.Level.CITY, parent=province)
            for number, name in enumerate(city_names, start=1)
        ]
    )
    county_names = iter(names.region_names(sum(map(len, plan.counties)), "县", rng, stems))
    counties = Region.objects.bulk_create(
        [
            Region(name=next(county_names), code=code(city_number, number), parent=city)
            for city_number, (city, sizes) in enumerate(zip(cities, plan.counties, strict=True), 1)
            for number in range(1, len(sizes) + 1)
        ],
        batch_size=BATCH,
    )
    # bulk_create skips save(), which sets the path.
    province.path = f"/{province.pk}/"
    for city in cities:
        city.path = f"{province.path}{city.pk}/"
    by_pk = {city.pk: city for city in cities}
    for county in counties:
        county.path = f"{by_pk[county.parent_id].path}{county.pk}/"
    Region.objects.bulk_update([province, *cities, *counties], ["path"], batch_size=BATCH)
    return province, cities, counties


def _specs(
    plan: _Plan,
    province: Region,
    cities: list[Region],
    counties: list[Region],
    rng: random.Random,
) -> list[tuple[Region, AgencySpec]]:
    """Every agency to create, top down, each naming the department above it where there is one."""
    provincial = names.agencies_of_province(province.name, plan.province, rng)
    specs = [(province, spec) for spec in provincial]
    above = _overseen(provincial)
    remaining = iter(counties)
    for city_index, (city, size) in enumerate(zip(cities, plan.cities, strict=True)):
        own = names.agencies_of_city(city.name, size, rng, above)
        specs += [(city, spec) for spec in own]
        city_above = _overseen(own)
        for county_index, county_size in enumerate(plan.counties[city_index]):
            county = next(remaining)
            model_area = (city_index, county_index) in plan.model_areas
            specs += [
                (county, spec)
                for spec in names.agencies_of_county(
                    county.name, county_size, rng, city_above, model_area=model_area
                )
            ]
    return specs


def _overseen(specs: list[AgencySpec]) -> dict[str, str]:
    """Department name after the place → the department above it, among `specs`."""
    return {spec.oversees: spec.name for spec in specs if spec.oversees}


def _agencies(specs: list[tuple[Region, AgencySpec]]) -> tuple[list[Agency], list[AgencyAlias]]:
    taken = set(Agency.objects.values_list("name", flat=True))
    taken |= set(AgencyAlias.objects.values_list("name", flat=True))
    fresh = []
    for region, spec in specs:
        if spec.name not in taken:  # beside agencies already there (--force)
            taken.add(spec.name)
            fresh.append((region, spec))
    agencies = Agency.objects.bulk_create(
        [
            Agency(
                name=spec.name,
                sort_key=pinyin_key(spec.name),
                kind=spec.kind,
                region=region,
                superior_department=spec.superior,
            )
            for region, spec in fresh
        ],
        batch_size=BATCH,
    )
    aliases = []
    for agency, (_region, spec) in zip(agencies, fresh, strict=True):
        if spec.alias and spec.alias not in taken:
            taken.add(spec.alias)
            aliases.append(AgencyAlias(agency=agency, name=spec.alias))
    AgencyAlias.objects.bulk_create(aliases, batch_size=BATCH)
    return agencies, aliases


def _sample(
    level: str, regions: list[Region], offices: dict[int, Office], agencies: list[Agency]
) -> ReviewerSample:
    first = regions[0]
    below = Counter(
        office.region.level
        for office in offices.values()
        if office.region.path.startswith(first.path) and office.region is not first
    )
    reviewers = [offices[region.pk].reviewers for region in regions]
    return ReviewerSample(
        level=level,
        usernames=tuple(people[0].username for people in reviewers),
        seconds=sum(len(people) > 1 for people in reviewers),
        region=first.name,
        cities=below[Region.Level.CITY],
        counties=below[Region.Level.COUNTY],
        agencies=sum(agency.region.path.startswith(first.path) for agency in agencies),
    )
