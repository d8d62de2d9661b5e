"""Build a benchmark corpus of ERN 4.3.2 deliveries from the test builder's release profiles.

Files vary in profile (single, album of 2-40 tracks, video single, mixed media, DJ mix,
classical), identifiers, AI disclosure and deal territories, like a label's catalogue.
Every file is schema-valid; about one in ten carries an AI-disclosure defect.

    python benchmarks/corpus.py OUT_DIR --files 1000 [--big-mb 50]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from ernbuilder import GENAI, PROFILES, Credit, Deal, Delivery, album, ean13, render

TERRITORIES = [
    "AD", "AE", "AR", "AT", "AU", "BE", "BG", "BR", "CA", "CH", "CL", "CO", "CY", "CZ", "DE",
    "DK", "EE", "EG", "ES", "FI", "FR", "GB", "GR", "HK", "HU", "ID", "IE", "IL", "IN", "IS",
    "IT", "JP", "KR", "LT", "LU", "LV", "MA", "MT", "MX", "MY", "NL", "NO", "NZ", "PE", "PH",
    "PL", "PT", "RO", "SE", "SG", "SK", "TH", "TR", "TW", "US", "UY", "VN", "ZA",
]  # fmt: skip


def _deals(rng: random.Random, releases: list[str]) -> list[Deal]:
    """Per-territory deals, as labels deliver them (one to three models, many territories)."""
    deals = []
    for model, uses in (
        ("SubscriptionModel", ["OnDemandStream", "NonInteractiveStream"]),
        ("AdvertisementSupportedModel", ["OnDemandStream"]),
        ("PayAsYouGoModel", ["PermanentDownload"]),
    )[: rng.randint(1, 3)]:
        territories = rng.sample(TERRITORIES, rng.randint(1, len(TERRITORIES)))
        deals.append(Deal(releases, uses, sorted(territories), model))
    return deals


def _vary(delivery: Delivery, rng: random.Random, n: int) -> Delivery:
    """Unique ids, some AI use (mostly declared well), realistic deals."""
    for resource in delivery.resources:
        if resource.isrc:
            resource.isrc = (
                f"GB{rng.choice(['NWR', 'ABC', 'XYZ'])}{n % 100:02d}{rng.randrange(100000):05d}"
            )
    release = delivery.release()
    release.icpn = ean13(f"{506000000000 + n}")  # a valid barcode (ID002 checks)
    release.title = f"{release.title} {n}"
    if rng.random() < 0.3:  # AI-assisted, declared as the standard asks
        track = rng.choice([r for r in delivery.resources if r.kind in ("SoundRecording", "Video")])
        track.contains_ai = "Partly"
        track.credits.append(Credit(GENAI, ["BackgroundVocalist"]))
        release.contains_ai = "Partly"
    recordings = [r for r in delivery.resources if r.kind == "SoundRecording"]
    if recordings and rng.random() < 0.1:  # a defect: an AI credit on a track declared None
        track = rng.choice(recordings)
        track.contains_ai = "None"
        track.credits.append(Credit(GENAI, ["Vocalist"]))
    delivery.deals = _deals(rng, [r.ref for r in delivery.releases])
    return delivery


def delivery_for(n: int, seed: int = 0) -> Delivery:
    rng = random.Random(seed * 1_000_003 + n)
    kind = rng.choices(
        ["single", "album", "video_single", "mixed_media", "dj_mix", "classical"],
        weights=[40, 35, 8, 5, 5, 7],
    )[0]
    if kind == "album":
        delivery = album(tracks=rng.randint(2, 40), seed=n)
    else:
        delivery = PROFILES[kind](seed=n)
    return _vary(delivery, rng, n)


def write_corpus(out: Path, files: int, seed: int = 0) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(files):
        path = out / f"{n // 1000:03d}" / f"delivery_{n:06d}.xml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(render(delivery_for(n, seed)), encoding="utf-8")
        paths.append(path)
    return paths


def _big(tracks: int, kind: str) -> Delivery:
    """An album of ``tracks`` tracks with one deal for all of it, or (``boxset``) the same
    with each track release sold on its own: three deals a track over many territories."""
    delivery = album(tracks=tracks)
    delivery.release().title = "The Complete Recordings"
    for n, resource in enumerate(delivery.resources):
        if resource.isrc:
            resource.isrc = f"GBNWR{n // 100000 % 100:02d}{n % 100000:05d}"
    if kind == "boxset":
        for n, release in enumerate(delivery.releases[1:]):
            territories = sorted(TERRITORIES[n % 7 :: 2])
            delivery.deals += [
                Deal([release.ref], ["OnDemandStream", "NonInteractiveStream"], territories),
                Deal([release.ref], ["OnDemandStream"], territories, "AdvertisementSupportedModel"),
                Deal([release.ref], ["PermanentDownload"], territories, "PayAsYouGoModel"),
            ]
    return delivery


BIG_KINDS = ("album", "boxset")


def write_big(path: Path, megabytes: int, kind: str = "album") -> Path:
    """One file of about ``megabytes`` MB: an ``album`` of many tracks, or a deal-heavy
    ``boxset`` (as many tracks, and track releases with their own deals, as the size takes)."""
    per_track = len(render(_big(2, kind))) - len(render(_big(1, kind)))
    tracks = max(1, megabytes * 1_000_000 // per_track)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(_big(tracks, kind)), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--big-mb", type=int, default=0, help="also write big/{album,boxset}.xml")
    args = parser.parse_args()
    paths = write_corpus(args.out / "corpus", args.files, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} files, {size / 1e6:.1f} MB in {args.out / 'corpus'}")
    if args.big_mb:
        for kind in BIG_KINDS:
            big = write_big(args.out / "big" / f"{kind}.xml", args.big_mb, kind)
            print(f"{big}: {big.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
