"""What changes from ERN 4.3 to 4.3.2 beyond what the two XSDs say by themselves.

Everything else the upgrade does follows from the XSDs (``xsd_tables``): an element or
attribute of the same name is kept, a type renamed (``PLineWithDefault`` -> ``PLine``) needs
nothing. What is listed here was worked out from tools/xsd_diff.py's report
(docs/ern-4.3-to-4.3.2.md); a test checks that every difference of the XSDs is either
handled here or known to lose information (``explain``)."""

from __future__ import annotations

from ddex_ai.upgrading.mapping import Mapping

ERN_43_TO_432 = Mapping(
    source="4.3",
    target="4.3.2",
    element_renames={"Genre": "DisplayGenre"},
    split_by_attribute={
        "AdditionalTitle": (
            "TitleType",
            {"FormalTitle": "FormalTitle", "GroupingTitle": "GroupingTitle"},
        )
    },
    # An AdditionalTitle without TitleType: the 4.3 XSD defines a ResourceGroup's as the
    # title of a group ("e.g., different Albums in a Set"); elsewhere it is the title the
    # Creation is formally known by. Its text, language and territory are kept either way.
    split_untyped={
        "AdditionalTitle": {
            "ResourceGroup": "GroupingTitle",
            "ResourceSubGroup": "GroupingTitle",
            "*": "FormalTitle",
        }
    },
    attribute_renames={
        ("ParentalWarningTypeWithTerritory", "ParentalWarningTypeWithStandard"): {
            "Namespace": "TypeNamespace",
            "UserDefinedValue": "TypeUserDefinedValue",
        }
    },
    wraps={
        ("ContributorRole", "ContributorRole"): "Value",
        ("ProprietaryId", "ChapterId"): "ProprietaryId",
    },
)
