"""Mention display text: deterministic, varied, within bounds, and in each channel's style."""

from __future__ import annotations

import itertools
import random
import re
import subprocess
import sys

import numpy as np
import pytest

from sim.present.text import CHANNELS, KINDS, MentionText, max_chars, mention_text, topic_phrase

SENTIMENTS = (-1.0, -0.5, 0.0, 0.5, 1.0)
TOPICS = ("recall-refund", "billing", "firmware-update", "general", "hashtag")

HANDLE_STYLE = {
    "twitter": re.compile(r"^@[a-z0-9_]{1,15}$"),
    "instagram": re.compile(r"^@[a-z0-9_]{1,15}$"),
    "forum": re.compile(r"^u/[a-z0-9_]{1,15}$"),
    "reviews": re.compile(r"^\S.* \w\.$"),
    # a full name: at least two words, no @, no u/ prefix, no trailing initial
}
FULL_NAME_CHANNELS = ("facebook", "email", "phone", "sms", "chat")


def _texts(channel: str, kind: str, topic: str, sentiment: float, n: int = 50, **kw) -> list[str]:
    return [mention_text(i, 11, channel, kind, topic, sentiment, **kw).text for i in range(n)]


def test_same_mention_renders_the_same_every_time() -> None:
    for channel in CHANNELS:
        for kind in KINDS:
            args = (123, 7, channel, kind, "recall-refund", -0.8)
            first = mention_text(*args, brand="Zephyr", reach=40_000)
            again = mention_text(*args, brand="Zephyr", reach=40_000)
            assert first == again
            assert isinstance(first, MentionText)


def test_different_mentions_and_runs_differ() -> None:
    rendered = [mention_text(i, 7, "twitter", "complaint", "billing", -0.5) for i in range(50)]
    assert all(a != b for a, b in itertools.pairwise(rendered))
    assert len(set(rendered)) == 50
    other_run = [mention_text(i, 8, "twitter", "complaint", "billing", -0.5) for i in range(50)]
    assert sum(a != b for a, b in zip(rendered, other_run, strict=True)) >= 45


def test_no_global_random_state_is_used_or_touched() -> None:
    py_state = random.getstate()
    np_state = np.random.get_state()
    random.seed(1)
    np.random.seed(1)
    a = mention_text(5, 9, "forum", "question", "login", 0.1)
    random.seed(2)
    np.random.seed(2)
    b = mention_text(5, 9, "forum", "question", "login", 0.1)
    assert a == b
    random.setstate(py_state)
    np.random.set_state(np_state)


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("kind", ("question", "complaint", "praise", "crisis"))
def test_a_feed_of_one_channel_and_kind_is_varied(channel: str, kind: str) -> None:
    for topic in ("recall-refund", "firmware-update"):
        assert len(set(_texts(channel, kind, topic, -0.4))) >= 20


@pytest.mark.parametrize("channel", CHANNELS)
def test_spam_is_varied_enough(channel: str) -> None:
    assert len(set(_texts(channel, "spam", "general", 0.0))) >= 15


@pytest.mark.parametrize("channel", CHANNELS)
def test_every_channel_and_kind_gives_clean_text_within_bounds(channel: str) -> None:
    limit = max_chars(channel)
    assert limit == (280 if channel == "twitter" else 160 if channel == "sms" else 200)
    for kind in KINDS:
        for topic in TOPICS:
            for sentiment in SENTIMENTS:
                for reach in (0, 25_000, 2_000_000):
                    for i in range(6):
                        m = mention_text(i, 3, channel, kind, topic, sentiment, reach=reach)
                        text = m.text
                        assert text and text == text.strip(), (channel, kind, text)
                        assert len(text) <= limit, (channel, kind, len(text), text)
                        assert "{" not in text and "}" not in text, text
                        assert "  " not in text, text
                        assert " a a " not in text and " a an " not in text, text
                        assert "\n" not in text


def test_very_long_brand_and_topic_are_still_clipped() -> None:
    brand = "The Extraordinarily Long Named Consolidated Household Appliance Company"
    topic = "very-long-topic-slug-about-the-warranty-extension-programme-for-older-models"
    for channel in CHANNELS:
        for kind in KINDS:
            for i in range(20):
                text = mention_text(i, 1, channel, kind, topic, -1.0, brand=brand).text
                assert 0 < len(text) <= max_chars(channel)


@pytest.mark.parametrize("channel", CHANNELS)
def test_handle_style_follows_the_channel(channel: str) -> None:
    for kind in KINDS:
        for i in range(40):
            handle = mention_text(i, 5, channel, kind, "billing", 0.0).handle
            if channel in HANDLE_STYLE:
                assert HANDLE_STYLE[channel].match(handle), (channel, handle)
            else:
                assert channel in FULL_NAME_CHANNELS
                assert len(handle.split()) >= 2, handle
                assert not handle.startswith(("@", "u/")), handle
                assert not re.search(r" \w\.$", handle), handle


def test_reviewer_is_first_name_and_last_initial() -> None:
    for i in range(30):
        full = mention_text(i, 5, "email", "question", "billing", 0.0).handle
        short = mention_text(i, 5, "reviews", "question", "billing", 0.0).handle
        # same person behind the same mention, whatever the channel
        first, _, last = full.rpartition(" ")
        assert short == f"{first} {last[0].upper()}."


def test_unknown_topic_is_always_named_for_questions_complaints_and_praise() -> None:
    # No hand-written lines exist for this topic, so every generic template names it.
    for channel in CHANNELS:
        for kind in ("question", "complaint", "praise"):
            for text in _texts(channel, kind, "firmware-update", -0.3, n=30):
                assert "the firmware update" in text.lower(), (channel, kind, text)


def test_known_topic_mixes_its_own_lines_with_ones_naming_it() -> None:
    for channel in ("twitter", "facebook", "chat", "reviews"):
        texts = _texts(channel, "complaint", "shipping-delay", -0.5, n=100)
        named = sum("the shipping delay" in t.lower() for t in texts)
        assert 20 <= named < 100, (channel, named)
        assert any("delayed for the" in t or "days late" in t for t in texts), channel
    # email subjects name the topic even when the body uses a hand-written line
    emails = _texts("email", "complaint", "shipping-delay", -0.5, n=30)
    assert all("the shipping delay" in t.lower() for t in emails)


def test_brand_appears_where_templates_use_it_and_nowhere_else() -> None:
    brand = "Zephyr Home"
    tweets = _texts("twitter", "complaint", "billing", -0.5, n=100, brand=brand)
    assert sum("@ZephyrHome" in t for t in tweets) >= 50
    for channel in CHANNELS:
        for kind in KINDS:
            for text in _texts(channel, kind, "hashtag", 0.0, n=20, brand=brand):
                assert "Acme" not in text and "@acme" not in text.lower(), text
    hashtags = " ".join(_texts("twitter", "question", "hashtag", 0.0, n=100, brand=brand))
    assert "#ZephyrHomeMoments" in hashtags
    emails = " ".join(_texts("email", "question", "billing", 0.0, n=100, brand=brand))
    assert "Dear Zephyr Home team," in emails


def test_phone_notes_are_third_person_call_notes() -> None:
    for kind in KINDS:
        for text in _texts("phone", kind, "billing", -0.5, n=40):
            assert not re.search(r"\bmy\b", text, re.IGNORECASE), text
            if kind != "spam":
                assert re.match(r"^(Caller|Customer|[^;,.]+ (called|says) )", text), text
    assert any("their bill" in t for t in _texts("phone", "question", "billing", 0.0))


def test_email_starts_with_a_subject_line() -> None:
    subjects = {
        "question": ("Question about", "Enquiry about", "My bill: need help"),
        "complaint": ("Complaint regarding", "Still waiting:", "Order #"),
    }
    for kind, starts in subjects.items():
        for text in _texts("email", kind, "billing", 0.0, n=30):
            assert text.startswith(starts), text
    for text in _texts("email", "complaint", "billing", -1.0, n=30):
        assert text.startswith("[URGENT] "), text


@pytest.mark.parametrize(
    ("sentiment", "stars"),
    [(-1.0, "★☆☆☆☆"), (-0.5, "★★☆☆☆"), (0.0, "★★★☆☆"), (0.5, "★★★★☆"), (1.0, "★★★★★")],
)
def test_reviews_open_with_stars_by_sentiment(sentiment: float, stars: str) -> None:
    for kind in KINDS:
        for text in _texts("reviews", kind, "delivery", sentiment, n=10):
            assert text.startswith(stars + " "), text


def test_sentiment_out_of_range_is_clamped() -> None:
    assert mention_text(1, 1, "reviews", "praise", "general", 3.0).text.startswith("★★★★★ ")
    assert mention_text(1, 1, "reviews", "complaint", "general", -3.0).text.startswith("★☆☆☆☆ ")
    assert mention_text(1, 1, "reviews", "question", "general", float("nan")).text.startswith(
        "★★★☆☆ "
    )


def test_tone_follows_sentiment() -> None:
    written = [c for c in CHANNELS if c != "phone"]
    for channel in written:
        furious = _texts(channel, "complaint", "billing", -1.0, n=60)
        calm = _texts(channel, "complaint", "billing", 0.0, n=60)
        assert sum("!" in t for t in furious) >= 55, channel
        assert sum("!" in t for t in furious) > sum("!" in t for t in calm), channel
        warm = _texts(channel, "question", "billing", 0.9, n=60)
        thanks = sum(bool(re.search(r"thank|thx|appreciate", t, re.IGNORECASE)) for t in warm)
        assert thanks >= 50, (channel, thanks)
    furious_calls = _texts("phone", "complaint", "billing", -1.0, n=60)
    assert all(re.search(r"upset|raised voice|call about this", t, re.I) for t in furious_calls)


def test_twitter_is_short_and_tags_brand_and_hashtags() -> None:
    tweets = _texts("twitter", "complaint", "recall-refund", -0.6, n=100)
    assert max(len(t) for t in tweets) <= 200  # short, well under the platform limit
    assert any("#" in t for t in tweets)
    assert any(t.startswith("@Acme ") for t in tweets)
    assert any(t.endswith("@Acme") or "@Acme #" in t for t in tweets)


def test_forum_posts_are_longer_than_tweets() -> None:
    forum = _texts("forum", "question", "login", 0.0, n=60)
    tweets = _texts("twitter", "question", "login", 0.0, n=60)
    assert sum(map(len, forum)) > 1.3 * sum(map(len, tweets))


def test_crisis_threatens_without_profanity() -> None:
    texts = [t for c in CHANNELS for t in _texts(c, "crisis", "safety", -1.0, n=40)]
    assert any("lawyer" in t.lower() for t in texts)
    banned = re.compile(r"\b(damn|hell|shit|fuck\w*|crap|bastard|idiots?)\b", re.IGNORECASE)
    assert not any(banned.search(t) for t in texts)


def test_spam_looks_like_spam() -> None:
    for channel in ("twitter", "facebook", "forum", "email"):
        texts = _texts(channel, "spam", "general", 0.0, n=40)
        assert (
            sum(
                bool(re.search(r"free|click|win|DM me|\.(ly|com|xyz|top|info)/", t, re.I))
                for t in texts
            )
            >= 36
        )


def test_unknown_channel_or_kind_is_rejected_with_the_choices() -> None:
    with pytest.raises(ValueError, match="twitter"):
        mention_text(1, 1, "myspace", "question", "general", 0.0)
    with pytest.raises(ValueError, match="complaint"):
        mention_text(1, 1, "twitter", "rumour", "general", 0.0)


@pytest.mark.parametrize(
    ("topic", "phrase"),
    [
        ("recall-refund", "the recall refund"),
        ("billing", "my bill"),
        ("data-breach", "the data breach"),
        ("shipping-delay", "the shipping delay"),
        ("general", "my order"),
        ("firmware-update", "the firmware update"),
        ("Firmware_Update ", "the firmware update"),
        ("RECALL-REFUND", "the recall refund"),
        ("", "my order"),
    ],
)
def test_topic_phrase(topic: str, phrase: str) -> None:
    assert topic_phrase(topic) == phrase


def test_importing_the_module_does_not_load_faker() -> None:
    # A planner that never shows text should not pay Faker's import.
    code = "import sys, sim.present.text; print('faker' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_every_placeholder_in_the_phrase_file_is_a_field() -> None:
    # A typo in the data file ("{topc}") would only fail when that line is drawn.
    from sim.present.text_compose import fields_for
    from sim.present.text_dice import dice_for
    from sim.present.text_phrases import phrases

    known = set(fields_for(dice_for(1, 1), "Acme", "billing", "Ann", "Lee", "twitter"))
    data = phrases().model_dump()
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.update(re.findall(r"\{(\w+)\}", value))
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v)

    walk(data)
    assert found, "no placeholders found: the walk is broken"
    assert found <= known, sorted(found - known)


def test_the_phrase_file_covers_every_kind_and_tone() -> None:
    from sim.present.text_phrases import phrases

    words = phrases()
    tones = ("furious", "annoyed", "neutral", "warm")
    for kind in KINDS:
        assert words.generic[kind] and words.phone[kind]
        assert set(words.closers[kind]) == set(tones)
        for pool in (words.instagram_leads, words.facebook_tails, words.email_subjects):
            assert pool[kind]
    assert set(words.phone_tone) == set(tones)
