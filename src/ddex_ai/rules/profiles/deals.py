"""Profile rules about deals (ERN message suite clauses 6.4.8-6.4.10)."""

from __future__ import annotations

from collections.abc import Iterator

from ddex_ai.findings import Hit
from ddex_ai.rules.profiles.base import Context, at, profile_rule, value

DATE_WHY = (
    "A preview or display date after the deal's start means the release goes on sale before "
    "its cover, track list or clips may be shown: DSPs reject the deal or show an empty page."
)
USE_WHY = (
    "Physical-product terms (wholesale bulk prices, carriers, returns, cartons) only make "
    "sense for a physical sale; on any other deal they are contradictory terms."
)
# 4.1 DealTerms children (sub-rules 1-8), and where 4.2+ moved each into DealList.
DEAL_DATES = (
    "ReleaseDisplayStartDate",
    "TrackListingPreviewStartDate",
    "CoverArtPreviewStartDate",
    "ClipPreviewStartDate",
    "ReleaseDisplayStartDateTime",
    "TrackListingPreviewStartDateTime",
    "CoverArtPreviewStartDateTime",
    "ClipPreviewStartDateTime",
)
VISIBILITY_SUBS = {
    "ReleaseDisplayStartDateTime": "5",
    "FullTrackListingPreviewStartDateTime": "6",
    "TrackListingPreviewStartDateTime": "6",
    "CoverArtPreviewStartDateTime": "7",
    "ClipPreviewStartDateTime": "8",
}
DATES_VERSIONS = """
    In ERN 4.1 and 4.1.1 the dates are `DealTerms` children. From 4.2 they sit in
    `DealList/ReleaseVisibility` and `DealList/TrackReleaseVisibility`, named by the
    release's `ReleaseVisibilityReference`: ddex-ai follows the deal's releases there and
    reports the date times under sub-rules 5-8 (`FullTrackListingPreviewStartDateTime` as
    the track listing preview). The Schematron reads only `DealTerms` and so never fires on
    4.2 and later.
"""


def _day(text: str) -> str:
    return text[:10].replace("-", "")


def _visibilities(ctx: Context) -> dict[str, object]:
    found = {}
    for tag in ("ReleaseVisibility", "TrackReleaseVisibility"):
        for el in ctx.root.iterfind(f"DealList/{tag}"):
            found[value(el.find("VisibilityReference"))] = el
    return found


def _late_dates(ctx: Context, start_tag: str) -> Iterator[Hit]:
    if ctx.version < (4, 2):
        for terms in ctx.root.iterfind("DealList/ReleaseDeal/Deal/DealTerms"):
            start = terms.find(f"ValidityPeriod/{start_tag}")
            if start is None:
                continue
            for sub, tag in enumerate(DEAL_DATES, 1):
                for date in terms.findall(tag):
                    if _day(value(date)) > _day(value(start)):
                        yield at(
                            date,
                            f"{tag} {value(date)} is later than the deal's {start_tag} "
                            f"{value(start)}",
                            str(sub),
                        )
        return
    visibilities = _visibilities(ctx)
    if not visibilities:
        return  # no preview or display dates in the message
    releases = {
        value(r.find("ReleaseReference")): r for r in [*ctx.main_releases, *ctx.track_releases]
    }
    for deal in ctx.root.iterfind("DealList/ReleaseDeal"):
        refs = [value(r) for r in deal.findall("DealReleaseReference")]
        for terms in deal.iterfind("Deal/DealTerms"):
            start = terms.find(f"ValidityPeriod/{start_tag}")
            if start is None:
                continue
            for ref in refs:
                release = releases.get(ref)
                if release is None:
                    continue
                for link in release.findall("ReleaseVisibilityReference"):
                    visibility = visibilities.get(value(link))
                    if visibility is None:
                        continue
                    for tag, sub in VISIBILITY_SUBS.items():
                        for date in visibility.findall(tag):
                            if _day(value(date)) > _day(value(start)):
                                yield at(
                                    date,
                                    f"{tag} {value(date)} (release {ref}) is later than "
                                    f"the deal's {start_tag} {value(start)}",
                                    sub,
                                )


@profile_rule(
    "RP038",
    "preview-before-deal-start-date",
    why=DATE_WHY,
    example="`<ClipPreviewStartDate>2026-03-01</ClipPreviewStartDate>` in a deal "
    "starting 2026-02-01.",
    versions=DATES_VERSIONS,
    ported=(4, 2),
)
def preview_before_deal_start_date(ctx: Context) -> Iterator[Hit]:
    """A display or preview date is later than the deal's StartDate."""
    yield from _late_dates(ctx, "StartDate")


@profile_rule(
    "RP039",
    "preview-before-deal-start-date-time",
    why=DATE_WHY,
    example="A cover-art preview from 2026-03-01 in a deal starting 2026-02-01T00:00:00.",
    versions=DATES_VERSIONS,
    ported=(4, 2),
)
def preview_before_deal_start_date_time(ctx: Context) -> Iterator[Hit]:
    """A display or preview date is later than the deal's StartDateTime."""
    yield from _late_dates(ctx, "StartDateTime")


def _terms(ctx: Context) -> list:
    return ctx.deal_terms


@profile_rule(
    "RP040",
    "price-type-alone",
    why=USE_WHY,
    example='`<PriceInformation PriceType="…">` with a `<WholesalePricePerUnit>`.',
)
def price_type_alone(ctx: Context) -> Iterator[Hit]:
    """A PriceInformation with a PriceType also gives a (bulk order) wholesale price per unit."""
    if not ctx.all("PriceInformation"):
        return
    for terms in _terms(ctx):
        for price in terms.findall("PriceInformation"):
            if price.get("PriceType") is not None and (
                price.find("BulkOrderWholesalePricePerUnit") is not None
                or price.find("WholesalePricePerUnit") is not None
            ):
                yield at(price, "a PriceType cannot be combined with a wholesale price per unit")


def _physical_only(ctx: Context, path: str, what: str) -> Iterator[Hit]:
    if not ctx.all(path.rpartition("/")[2]):
        return  # no such element anywhere: nothing to check
    for terms in _terms(ctx):
        found = terms.find(path)
        if found is not None and not any(
            value(u) == "PurchaseAsPhysicalProduct" for u in terms.findall("UseType")
        ):
            yield at(found, f"{what} may only be used with UseType PurchaseAsPhysicalProduct")


@profile_rule(
    "RP041",
    "bulk-price-physical",
    why=USE_WHY,
    example="`<BulkOrderWholesalePricePerUnit>` in a streaming deal.",
)
def bulk_price_physical(ctx: Context) -> Iterator[Hit]:
    """A BulkOrderWholesalePricePerUnit in a deal that is not a physical sale."""
    yield from _physical_only(
        ctx, "PriceInformation/BulkOrderWholesalePricePerUnit", "BulkOrderWholesalePricePerUnit"
    )


@profile_rule(
    "RP042",
    "carrier-physical",
    why=USE_WHY,
    example="`<CarrierType>CD</CarrierType>` in a download deal.",
)
def carrier_physical(ctx: Context) -> Iterator[Hit]:
    """A CarrierType in a deal that is not a physical sale."""
    yield from _physical_only(ctx, "CarrierType", "CarrierType")


@profile_rule(
    "RP043", "returns-physical", why=USE_WHY, example="`<PhysicalReturns>` in a streaming deal."
)
def returns_physical(ctx: Context) -> Iterator[Hit]:
    """PhysicalReturns in a deal that is not a physical sale."""
    yield from _physical_only(ctx, "PhysicalReturns", "PhysicalReturns")


@profile_rule(
    "RP044",
    "carton-physical",
    why=USE_WHY,
    example="`<NumberOfProductsPerCarton>` in a download deal.",
)
def carton_physical(ctx: Context) -> Iterator[Hit]:
    """NumberOfProductsPerCarton in a deal that is not a physical sale."""
    yield from _physical_only(ctx, "NumberOfProductsPerCarton", "NumberOfProductsPerCarton")
