"""The per-release AI disclosure summary and its mapping to Apple Music and IPTC labels."""

import pytest

from conftest import FIXTURES, json_report
from ddex_ai.disclosure import release_effective
from ddex_ai.model import Contributor, Resource
from ernbuilder import GENAI, Credit, mixed_media, render


def _album(offline_checker):
    result = offline_checker.check_path(str(FIXTURES / "ern432/album_ai_mixed.xml"))
    return {r.reference: r.disclosure for r in result.releases}


def test_album_summary(offline_checker):
    album = _album(offline_checker)["R0"]
    assert album.supported
    assert (album.declared, album.effective) == ("Partly", "Partly")
    assert album.resources["track"] == {"All": 1, "Partly": 1, "None": 1, "undeclared": 0}
    assert album.resources["artwork"] == {"All": 1, "Partly": 0, "None": 0, "undeclared": 0}
    assert album.resources["video"]["undeclared"] == 0 and "other" not in album.resources
    assert album.ai_roles == [
        "BackgroundVocalist",
        "Composer",
        "GraphicArtist",
        "Musician",
        "Programmer",
        "StudioProducer",
        "Vocalist",
    ]
    assert album.training.granted
    assert album.training.use_types == ["UseForTrainingNonGenerativeAI"]
    assert album.training.territories == ["NO"]
    assert album.apple_music_tags == ["Artwork", "Track", "Composition"]
    assert album.iptc_digital_source_type == "compositeWithTrainedAlgorithmicMedia"


def test_track_release_summary_comes_from_its_recording(offline_checker):
    releases = _album(offline_checker)
    human, ai = releases["R1"], releases["R3"]
    assert (human.declared, human.effective) == (None, "None")
    assert human.apple_music_tags == [] and human.iptc_digital_source_type is None
    assert (ai.declared, ai.effective) == (None, "All")
    assert ai.apple_music_tags == ["Track", "Composition"]
    assert ai.iptc_digital_source_type == "trainedAlgorithmicMedia"
    assert not ai.training.granted  # the training deal names only R0


def test_vocals_alone_are_not_a_composition(offline_checker):
    result = offline_checker.check_path(str(FIXTURES / "ern432/single_ai_vocals.xml"))
    disclosure = result.releases[0].disclosure
    assert disclosure.ai_roles == ["LeadVocalist"]
    assert disclosure.apple_music_tags == ["Track"]


def test_video_and_lyrics_tags(offline_checker, tmp_path):
    delivery = mixed_media()
    video, lyrics = delivery.resource("A3"), delivery.resource("A4")
    video.contains_ai, lyrics.contains_ai = "Partly", "All"
    video.credits.append(Credit(GENAI, ["FilmDirector"]))
    lyrics.credits = [Credit(GENAI, ["Lyricist"])]
    delivery.release().contains_ai = "Partly"
    path = tmp_path / "mixed.xml"
    path.write_text(render(delivery))
    album = offline_checker.check_path(str(path)).releases[0].disclosure
    assert album.apple_music_tags == ["Composition", "Music Video"]
    assert album.resources["video"]["Partly"] == 1 and album.resources["text"]["All"] == 1


def test_versions_before_4_3_1_say_nothing(offline_checker):
    result = offline_checker.check_path(str(FIXTURES / "ern43/single.xml"))
    disclosure = result.releases[0].disclosure
    assert not disclosure.supported
    assert (disclosure.declared, disclosure.effective) == (None, None)
    assert disclosure.resources["track"]["undeclared"] == 1


def _resource(contains_ai=None, ai_credit=False) -> Resource:
    contributors = [Contributor(None, special=GENAI)] if ai_credit else []
    return Resource(None, kind="SoundRecording", contains_ai=contains_ai, contributors=contributors)


@pytest.mark.parametrize(
    ("resources", "expected"),
    [
        ([], None),
        ([_resource("All"), _resource("All")], "All"),
        ([_resource("All"), _resource("None")], "Partly"),
        ([_resource("Partly"), _resource(None)], "Partly"),
        ([_resource("None"), _resource("None")], "None"),
        ([_resource("None"), _resource(None)], None),  # undetermined
        ([_resource("None"), _resource(None, ai_credit=True)], "Partly"),
    ],
)
def test_effective_value(resources, expected):
    assert release_effective(resources) == expected


def test_disclosure_in_json_and_text(run_cli):
    fixture = str(FIXTURES / "ern432/album_ai_mixed.xml")
    report = json_report(run_cli("check", fixture, "--format", "json"))
    disclosure = report["files"][0]["releases"][0]["disclosure"]
    assert disclosure["effective"] == "Partly"
    assert disclosure["training"]["territories"] == ["NO"]
    # The panel wraps long lines: read the words, not the layout.
    text = " ".join(run_cli("check", fixture).stdout.replace("│", " ").split())
    assert "R0 AI Partly (declares Partly)" in text
    assert "Apple Music: Artwork, Track, Composition" in text
    assert "R3 AI All (from its resource)" in text
    assert "training granted: UseForTrainingNonGenerativeAI in NO" in text
