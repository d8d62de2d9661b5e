"""A FileResult as JSON text and back, exactly: what the result cache stores.

Everything a report renders survives the round trip (sizes and timings too, so a cached
result renders byte for byte as it did), and a finding shared by a release and its file is
one object again afterwards, as reporters that tell file-level findings apart expect.
JSON rather than pickle: a cache file can never run code.
"""

from __future__ import annotations

import json

from ddex_ai.disclosure import Disclosure, Training
from ddex_ai.findings import Finding, Severity, Status
from ddex_ai.results import FileResult, ReleaseResult

FORMAT = 1  # bump when the shape changes: older entries are then ignored


def _finding(f: Finding) -> list:
    return [f.rule, f.severity.value, f.message, f.line, f.path, f.release, f.resource,
            f.profile_rule, f.column]  # fmt: skip


def _unfinding(v: list) -> Finding:
    return Finding(v[0], Severity(v[1]), *v[2:])


def encode(result: FileResult) -> str:
    index = {id(f): i for i, f in enumerate(result.findings)}
    releases = []
    for r in result.releases:
        d = r.disclosure
        releases.append(
            {
                "reference": r.reference,
                "kind": r.kind,
                "ids": r.ids,
                "title": r.title,
                "artist": r.artist,
                "status": r.status.value,
                "disclosure": d.to_dict(),
                # a finding of the file by its index, else (rare) the finding itself
                "findings": [index.get(id(f), _finding(f)) for f in r.findings],
            }
        )
    profile = result.profile
    return json.dumps(
        {
            "format": FORMAT,
            "path": result.path,
            "status": result.status.value,
            "ern_version": result.ern_version,
            "message_type": result.message_type,
            "findings": [_finding(f) for f in result.findings],
            "releases": releases,
            "size": result.size,
            "profile": None if profile is None else profile.to_dict(),
            "xsd_validated": result.xsd_validated,
            "elapsed": result.elapsed,
            "waived": [_finding(f) for f in result.waived],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def decode(text: str) -> FileResult | None:
    """The result, or None for an entry of another format."""
    from ddex_ai.profile_stage import ProfileVerdict

    data = json.loads(text)
    if data.get("format") != FORMAT:
        return None
    findings = [_unfinding(v) for v in data["findings"]]
    disclosures: dict[str, Disclosure] = {}  # shared again, as the checker shares them
    releases = []
    for r in data["releases"]:
        key = json.dumps(r["disclosure"], sort_keys=True)
        disclosure = disclosures.get(key)
        if disclosure is None:
            d = r["disclosure"]
            disclosure = disclosures[key] = Disclosure(
                d["supported"],
                d["declared"],
                d["effective"],
                d["resources"],
                d["ai_roles"],
                Training(**d["training"]),
                d["apple_music_tags"],
                d["iptc_digital_source_type"],
            )
        releases.append(
            ReleaseResult(
                r["reference"],
                r["kind"],
                r["ids"],
                r["title"],
                r["artist"],
                Status(r["status"]),
                disclosure,
                [findings[f] if isinstance(f, int) else _unfinding(f) for f in r["findings"]],
            )
        )
    profile = data["profile"]
    return FileResult(
        data["path"],
        Status(data["status"]),
        data["ern_version"],
        data["message_type"],
        releases,
        findings,
        size=data["size"],
        profile=None if profile is None else ProfileVerdict(**profile),
        xsd_validated=data["xsd_validated"],
        elapsed=data["elapsed"],
        waived=[_unfinding(v) for v in data["waived"]],
    )
