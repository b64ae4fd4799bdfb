"""The vocabulary: one frozen dataclass per domain concept, enums valued as the export contract.

Dicts appear only at the boundaries (export, store, API). See ../shared/spec/CLAIMS.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class ClaimKind(StrEnum):
    DEPLOYMENT = "deployment"
    MONEY = "money"
    FX = "fx"
    INDICATOR = "indicator"


class Qualifier(StrEnum):
    EXACT = "exact"
    ABOUT = "about"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    RANGE = "range"
    VAGUE = "vague"


class Category(StrEnum):
    WORKERS = "workers"
    MILITARY_WORKERS = "military_workers"
    TROOPS = "troops"
    UNSPECIFIED = "unspecified"


class Status(StrEnum):
    PLANNED = "planned"
    DISPATCHED = "dispatched"
    PRESENT = "present"
    ENTERED = "entered"
    EXPECTED = "expected"
    OBSERVED = "observed"
    REPATRIATED = "repatriated"


class AttributionType(StrEnum):
    ANONYMOUS_SOURCE = "anonymous_source"
    GOVERNMENT = "government"
    INTELLIGENCE = "intelligence"
    MEDIA = "media"
    NGO = "ngo"
    TESTIMONY = "testimony"
    UNKNOWN = "unknown"


class Per(StrEnum):
    MONTH = "month"
    YEAR = "year"
    DAY = "day"
    ONCE = "once"


class MoneyKind(StrEnum):
    WAGE_GROSS = "wage_gross"
    WAGE_NET = "wage_net"
    REMITTANCE = "remittance"
    BRIBE = "bribe"
    REVENUE = "revenue"
    OTHER = "other"


class RateSource(StrEnum):
    TEXT = "text"
    TABLE = "table"


class Indicator(StrEnum):
    ABUSE_OF_VULNERABILITY = "abuse_of_vulnerability"
    DECEPTION = "deception"
    RESTRICTION_OF_MOVEMENT = "restriction_of_movement"
    ISOLATION = "isolation"
    PHYSICAL_AND_SEXUAL_VIOLENCE = "physical_and_sexual_violence"
    INTIMIDATION_AND_THREATS = "intimidation_and_threats"
    RETENTION_OF_IDENTITY_DOCUMENTS = "retention_of_identity_documents"
    WITHHOLDING_OF_WAGES = "withholding_of_wages"
    DEBT_BONDAGE = "debt_bondage"
    ABUSIVE_WORKING_AND_LIVING_CONDITIONS = "abusive_working_and_living_conditions"
    EXCESSIVE_OVERTIME = "excessive_overtime"


class OrgRole(StrEnum):
    DISPATCHER = "dispatcher"
    EMPLOYER = "employer"
    INTERMEDIARY = "intermediary"
    OTHER = "other"


class PublishedSource(StrEnum):
    GIVEN = "given"
    PAGE = "page"
    INFERRED = "inferred"


# --- evidence -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character offsets [start, end) into the stored document text."""

    start: int
    end: int

    def slice(self, text: str) -> str:
        return text[self.start : self.end]


# --- documents ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RawDocument:
    """What ingest read from one input, before normalisation."""

    source: str  # path or URL it came from
    text: str
    id: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD
    published_source: PublishedSource | None = None  # given (record field) or page (HTML meta)
    language: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    text: str
    source: str
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    language: str | None = None
    tags: tuple[str, ...] = ()
    published: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD: only the precision we have
    published_source: PublishedSource | None = None
    duplicate_of: str | None = None


# --- facts found in a sentence ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    admin1: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in the text, resolved offline."""

    text: str
    span: Span
    place: Place
    level: str = "city"  # country, region, city, facility, area or demonym


@dataclass(frozen=True, slots=True)
class When:
    """A time the text gives, resolved against the publication date (ISO dates or None)."""

    text: str | None
    start: str | None
    end: str | None


@dataclass(frozen=True, slots=True)
class TimeMention:
    text: str
    span: Span
    when: When


@dataclass(frozen=True, slots=True)
class Attribution:
    text: str
    type: AttributionType


@dataclass(frozen=True, slots=True)
class Organization:
    name: str
    role: OrgRole


@dataclass(frozen=True, slots=True)
class Count:
    """A number of people as the text bounds it."""

    low: int | None
    high: int | None
    qualifier: Qualifier
    span: Span
    text: str


@dataclass(frozen=True, slots=True)
class Amount:
    """A sum of money as written, with an equivalent in another currency if one is given."""

    low: float
    high: float
    currency: str
    span: Span
    text: str
    per: Per | None = None
    equivalent_low: float | None = None
    equivalent_high: float | None = None
    equivalent_currency: str | None = None
    qualifier: Qualifier | None = None  # how the text bounds it: "up to", "around", a range


# --- claims -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Deployment:
    low: int | None
    high: int | None
    qualifier: Qualifier
    category: Category
    status: Status
    destination: Place | None = None
    origin: Place | None = None
    when: When | None = None
    sector: str | None = None
    visa: str | None = None
    transport: str | None = None
    organizations: tuple[Organization, ...] = ()


@dataclass(frozen=True, slots=True)
class Money:
    amount_low: float
    amount_high: float
    currency: str
    per: Per | None
    money_kind: MoneyKind
    usd_low: float | None = None
    usd_high: float | None = None
    usd_rate_source: RateSource | None = None
    usd_rate_note: str | None = None  # why there is no USD value, or which rate was used
    when: When | None = None


@dataclass(frozen=True, slots=True)
class Fx:
    base: str
    quote_currency: str
    rate: float
    as_of: str | None = None


@dataclass(frozen=True, slots=True)
class IndicatorFact:
    indicator: Indicator
    cue: str  # the words that signalled it


ClaimDetails = Deployment | Money | Fx | IndicatorFact


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    doc: str
    kind: ClaimKind
    quote: str
    span: Span
    details: ClaimDetails
    attributed_to: Attribution | None = None
    hedged: bool = False
    rules: str = "v1"  # version of the rule set that produced it
    focus: Span | None = None  # the words that carry the claim: the count, amount or cue


@dataclass(frozen=True, slots=True)
class IngestFailure:
    source: str
    reason: str


@dataclass(slots=True)
class RunReport:
    """What one ingest did: counts, timing, and every input that failed with its reason."""

    documents: int = 0
    unchanged: int = 0
    claims: int = 0
    failures: list[IngestFailure] = field(default_factory=list)
    seconds: float = 0.0
