"""What changes from ERN 4.2 to 4.3 beyond renamed types (docs/ern-4.2-to-4.3.md).

4.3 gathers a SoundRecording's and a Video's ids, P/C lines and technical details into an
edition, a technical details' file properties into a ``DeliveryFile``, and turns previews
into clips. A 4.2 message goes to 4.3 with this mapping, then to 4.3.2 with ``ern43``'s."""

from __future__ import annotations

from ddex_ai.upgrading.mapping import Container, Mapping

_AUDIO_FILE = (
    "AudioCodecType",
    "BitRate",
    "OriginalBitRate",
    "NumberOfChannels",
    "SamplingRate",
    "OriginalSamplingRate",
    "BitsPerSample",
    "Duration",
    "BitDepth",
    "File",
    "IsProvidedInDelivery",
    "Fingerprint",
)
_VIDEO_FILE = (
    "ContainerFormat",
    "VideoCodecType",
    "VideoBitRate",
    "FrameRate",
    "ImageHeight",
    "ImageWidth",
    "AspectRatio",
    "CoreArea",
    "ColorDepth",
    "VideoDefinitionType",
    "AudioCodecType",
    "AudioBitRate",
    "NumberOfAudioChannels",
    "AudioSamplingRate",
    "AudioBitsPerSample",
    "Duration",
    "BitDepth",
    "File",
    "IsProvidedInDelivery",
    "Fingerprint",
)
# A 4.2 preview's start, end and length: a 4.3 clip's Timing.
_TIMING = Container(
    "Timing", {"StartPoint": "StartPoint", "EndPoint": "EndPoint", "Duration": "DurationUsed"}
)
_CLIP = (("TechnicalResourceDetailsReference", "@id"), ("ClipType", "Preview"))

ERN_42_TO_43 = Mapping(
    source="4.2",
    target="4.3",
    element_renames={"IsPreview": "IsClip", "PreviewDetails": "ClipDetails"},
    containers={
        ("SoundRecording", "SoundRecording"): (
            Container(
                "SoundRecordingEdition",
                {
                    "ResourceId": "ResourceId",
                    "PLine": "PLine",
                    "AudioChannelConfiguration": "RecordingMode",
                    "TechnicalDetails": "TechnicalDetails",
                },
            ),
        ),
        ("Video", "Video"): (
            Container(
                "VideoEdition",
                {
                    "ResourceId": "ResourceId",
                    "PLine": "PLine",
                    "CLine": "CLine",
                    "TechnicalDetails": "TechnicalDetails",
                },
            ),
        ),
        ("TechnicalSoundRecordingDetails", "TechnicalSoundRecordingDetails"): (
            Container("DeliveryFile", {n: n for n in _AUDIO_FILE}, (("Type", "AudioFile"),)),
        ),
        ("TechnicalVideoDetails", "TechnicalVideoDetails"): (
            Container("DeliveryFile", {n: n for n in _VIDEO_FILE}, (("Type", "AudioVisualFile"),)),
        ),
        ("SoundRecordingPreviewDetails", "SoundRecordingClipDetails"): (_TIMING,),
        ("SoundRecordingPreviewDetails", "VideoClipDetails"): (_TIMING,),
    },
    inserts={
        ("SoundRecordingPreviewDetails", "SoundRecordingClipDetails"): _CLIP,
        ("SoundRecordingPreviewDetails", "VideoClipDetails"): _CLIP,
        ("PreviewDetails", "ClipDetails"): (("ClipType", "Preview"),),
    },
    conversions={("xs:duration", "xs:decimal"): "seconds"},
    # Sub-genres whose spelling AVS 3 (ERN 4.3's) corrected.
    value_renames={
        "avs:SubGenre": {
            "EastcoastHipHop": "EastCoastHipHop",
            "WestcoastHipHop": "WestCoastHipHop",
            "Jump-Blues": "JumpBlues",
            "Pilón": "Pilon",
        }
    },
)
