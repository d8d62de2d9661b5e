"""Release-profile conformance rules (DDEX release profile standard 2.1).

Importing this package registers every profile rule. Ids: RP000-RP059 follow the Audio
profile's rules 1000-1059 (RP033-RP037 the generic rules G.1-G.5, which sit in Audio's gap
1033-1037); RP100 and up are the checks other profiles and the variants add. Each finding
carries the official number of the profile it was checked against (``profile_rule``).
"""

from ddex_ai.rules.profiles import (  # noqa: F401  (registration)
    composition,
    deals,
    groups,
    identifiers,
    message,
    references,
    resources,
    tracks,
)
