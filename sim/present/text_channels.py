"""Each channel's writer: the same words dressed as a tweet, a review, an email or a call note.

A writer takes the mention's `Parts` and adds what its channel adds (an @brand, hashtags,
a star rating, a subject line, a greeting); dressing is optional and dropped first when
the text would not fit the channel's limit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from sim.present.text_compose import Parts, Seg, assemble, fill, lower_first, sentence, stars
from sim.present.text_dice import Dice
from sim.present.text_phrases import phrases, sms_pattern

__all__ = ["WRITERS", "phone_note", "review"]


def _twitter(p: Parts, dice: Dice, limit: int) -> str:
    f = p.fields
    lead = tail = ""
    if p.kind == "spam" or dice.chance(0.75):
        if dice.chance(0.6):
            lead = f["at_brand"]
        else:
            tail = f["at_brand"]
    hashtag = ""
    if p.kind != "spam" and dice.chance(0.4):
        options = [f["tag"], "#customerservice"]
        if p.tone in ("furious", "annoyed"):
            options.append(f"#{f['brand_tag']}Fail")
        if p.tone == "warm":
            options.append(f"#{f['brand_tag']}Love")
        hashtag = dice.pick(options)
    amplify = ""
    if p.kind in ("complaint", "crisis") and p.reach >= 10_000 and dice.chance(0.5):
        amplify = (
            f"Hope my {p.reach // 1000:,}k followers see how you treat customers."
            if p.reach >= 50_000
            else "RT if this happened to you too."
        )
    return assemble(
        [
            Seg(lead),
            Seg(p.opener, True),
            Seg(p.core),
            Seg(p.closer, True),
            Seg(amplify, True),
            Seg(tail),
            Seg(hashtag, True),
        ],
        limit,
    )


def _instagram(p: Parts, dice: Dice, limit: int) -> str:
    f = p.fields
    words = phrases()
    lead = fill(dice.pick(words.instagram_leads[p.kind]), f)
    mention = f["at_brand"].lower() if dice.chance(0.3) else ""
    tags = ""
    if dice.chance(0.5):
        tags = f"#{f['brand_tag'].lower()} {dice.pick(words.instagram_tags[p.kind])}"
    return assemble(
        [
            Seg(mention, True),
            Seg(lead, True),
            Seg(p.core),
            Seg(p.closer, True),
            Seg(tags, True),
        ],
        limit,
    )


def _facebook(p: Parts, dice: Dice, limit: int) -> str:
    words = phrases()
    lead = fill(dice.pick(words.facebook_leads), p.fields)
    first = p.opener or p.core
    if lead.endswith(", "):
        first = lower_first(first, p.fields["brand"])
    body = [Seg(lead.rstrip() + " " + first if lead else first)]
    if p.opener:
        body.append(Seg(p.core))
    tail = fill(dice.pick(words.facebook_tails[p.kind]), p.fields)
    return assemble([*body, Seg(tail, True), Seg(p.closer, True)], limit)


def _forum(p: Parts, dice: Dice, limit: int) -> str:
    words = phrases()
    title = fill(dice.pick(words.forum_titles[p.kind]), p.fields)
    extra = dice.pick(words.forum_extras[p.kind])
    return assemble(
        [
            Seg(sentence(title), True),
            Seg(p.opener, True),
            Seg(p.core),
            Seg(extra, True),
            Seg(p.closer, True),
        ],
        limit,
    )


def review(p: Parts, dice: Dice, limit: int, sentiment: float) -> str:
    """A review leads with its star rating, so it alone needs the sentiment itself."""
    words = phrases()
    # Grudging praise at two stars does not "highly recommend".
    grudging = p.kind == "praise" and sentiment < 0
    extra = dice.pick(words.review_grudging if grudging else words.review_extras[p.kind])
    return assemble(
        [Seg(stars(sentiment)), Seg(p.core), Seg(extra, True), Seg(p.closer, True)],
        limit,
    )


def _chat(p: Parts, dice: Dice, limit: int) -> str:
    words = phrases()
    lead = dice.pick(words.chat_leads)
    first = p.opener or p.core
    if lead:
        glued = lead.endswith(", ")
        first = lead + (lower_first(first, p.fields["brand"]) if glued else first)
    segs = [Seg(first)]
    if p.opener:
        segs.append(Seg(p.core))
    if p.tone == "furious" and p.kind in ("question", "complaint") and dice.chance(0.5):
        segs.append(Seg(dice.pick(words.chat_furious), True))
    segs.append(Seg(p.closer, True))
    return assemble(segs, limit)


def _sms(p: Parts, dice: Dice, limit: int) -> str:
    lead = "hi " if dice.chance(0.3) else ""
    text = assemble(
        [
            Seg(lead + lower_first(p.opener or p.core, p.fields["brand"])),
            Seg(p.core if p.opener else ""),
            Seg(p.closer, True),
        ],
        limit,
    )
    short = phrases().sms_words
    return sms_pattern().sub(lambda m: short[m.group(0).lower()], text)


def _email(p: Parts, dice: Dice, limit: int) -> str:
    f = p.fields
    words = phrases()
    subject = fill(dice.pick(words.email_subjects[p.kind]), f)
    if p.tone == "furious" and p.kind in ("question", "complaint"):
        subject = "[URGENT] " + subject
    greeting = fill(dice.pick(words.email_greetings), f) if p.kind != "spam" else "Dear customer,"
    signoff = fill(dice.pick(words.email_signoffs), f) if p.kind != "spam" else ""
    # One line in the feed, so the greeting runs on into the body: "Hi, why was I ...".
    first, rest = (p.opener, p.core) if p.opener else (p.core, "")
    body = [Seg(f"{greeting} {lower_first(first, f['brand'])}")]
    if rest:
        body.append(Seg(rest))
    segments = [Seg(sentence(subject)), *body, Seg(p.closer, True), Seg(signoff, True)]
    if len("".join(s.text for s in segments[:-2])) + len(segments) > limit:
        segments = [Seg(sentence(subject)), Seg(p.core), Seg(p.closer, True)]
    return assemble(segments, limit)


def phone_note(kind: str, tone: str, fields: Mapping[str, str], dice: Dice, limit: int) -> str:
    """A call is not written by the customer: the agent's note about it, in the third person."""
    words = phrases()
    note = fill(dice.pick(words.phone[kind]), fields)
    extra = ref = ""
    if kind in ("question", "complaint"):
        extra = fill(dice.pick(words.phone_tone[tone]), fields)
    if kind != "spam":
        ref = fill(dice.pick(words.phone_refs), fields)
        if ref.startswith("Order") and "order" in note.lower():
            ref = ""
    return assemble([Seg(note), Seg(extra, True), Seg(ref, True)], limit)


Writer = Callable[[Parts, Dice, int], str]

# The written channels whose dressing needs only the parts; reviews and phone are apart.
WRITERS: dict[str, Writer] = {
    "twitter": _twitter,
    "instagram": _instagram,
    "facebook": _facebook,
    "forum": _forum,
    "chat": _chat,
    "sms": _sms,
    "email": _email,
}
