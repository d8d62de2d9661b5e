"""Rules stores add to the standard: off in the default policy, used by the spotify pack."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from ddex_ai.findings import Hit, Severity
from ddex_ai.model import Message
from ddex_ai.rules.hits import hit_at, hit_at_message
from ddex_ai.rules.registry import Option, rule
from ddex_ai.versions import version_from_code


def _version(value: Any) -> str:
    version = version_from_code(str(value))
    if version is None:
        raise ValueError(f'{value!r} is not an ERN version (e.g. "4.3")')
    return version.label


def _date(value: Any) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)") from None


@rule("AI013", "free-text-ai-role", Severity.ERROR, needs_ai_disclosure=True)
def free_text_ai_role(message: Message) -> Iterator[Hit]:
    """
    An AI credit uses a free-text (`UserDefined`) role.

    ## What it does
    Reports a role `UserDefined` (with its `UserDefinedValue`) on a `GenerativeAI`
    contributor, or on a contributor whose `AiContribution` is `Partly` or `All`.

    ## Why it matters
    Stores show AI credits per role from a fixed list: Spotify's guidance accepts no
    free-text fields for AI credits. A `UserDefined` role is dropped or shown unlabelled.

    ## Example
    ```xml
    <Role><Value UserDefinedValue="AI voice">UserDefined</Value></Role>
    ```
    Use the allowed value that fits: `<Role><Value>Vocalist</Value></Role>`.
    """
    for resource in message.resources.values():
        for contributor in resource.contributors:
            if not contributor.credits_ai:
                continue
            for role in contributor.roles:
                if role.value == "UserDefined":
                    yield hit_at(
                        contributor.el,
                        f"AI credit {contributor.label} on {resource.label} uses the free-text "
                        f"role {role.label!r}; use a ContributorRole from the allowed values",
                        resource,
                    )


@rule(
    "AI014",
    "ern-version-not-accepted",
    Severity.ERROR,
    options={
        "minimum-version": Option("4.3", _version, "oldest ERN version the recipient accepts"),
        "effective-from": Option("2026-04-01", _date, "date from which older versions are refused"),
    },
)
def ern_version_not_accepted(message: Message, options: dict) -> Iterator[Hit]:
    """
    The message's ERN version is older than the recipient accepts.

    ## What it does
    Reports once per `NewReleaseMessage` whose ERN version is older than the option
    `minimum-version` (default `4.3`), from the date `effective-from` (default 2026-04-01)
    on; before that date it reports nothing.

    ## Why it matters
    Spotify stops accepting ERN older than 4.3 from 2026-04-01: such a delivery is refused
    whatever its content.

    ## Example
    An ERN 3.8.2 or 4.2 delivery: re-deliver it as ERN 4.3.2. A policy can move the date or
    version: `[options.AI014]` `minimum-version = "4.3"`, `effective-from = "2026-04-01"`.
    """
    if not message.carries_resources or datetime.date.today() < options["effective-from"]:
        return
    minimum = options["minimum-version"]
    if message.version.key < version_from_code(minimum).key:
        yield hit_at_message(
            message,
            f"ERN {message.version} is older than ERN {minimum}, the oldest version accepted "
            f"since {options['effective-from'].isoformat()}",
        )
