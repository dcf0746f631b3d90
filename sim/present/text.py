"""Display text of a mention, made only when someone looks at it.

The engine never needs words: a planner run of 100k mentions works on channel, kind, topic
and sentiment alone. So text is a pure function of the mention's identity (``run_seed``,
``mention_id``) and its attributes, computed on demand by whatever displays it (the
dashboard feed, a report) and never stored. Because it is pure, a replay shows the same
words as the original run without recording any.

Names come from Faker's locale tables, but are drawn with our own numpy Generator: a seeded
Faker ``first_name()`` + ``last_name()`` pair costs ~150 µs (it rebuilds its weight tables on
every call), a bisect into tables built once costs a few, and the feed renders dozens of
mentions a second. Faker is imported on the first call, not with the module, so nothing that
merely imports ``sim`` pays for it.
"""

from __future__ import annotations

import bisect
import functools
import importlib
import math
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from sim.model.vocabulary import CHANNELS, KINDS

__all__ = [
    "CHANNELS",
    "KINDS",
    "MentionText",
    "max_chars",
    "mention_text",
    "topic_phrase",
]


# One or two dashboard lines; twitter gets its own platform limit, sms a single message.
_MAX_CHARS = {"twitter": 280, "sms": 160}
_DEFAULT_MAX_CHARS = 200

# Text draws live in their own stream, so they never reuse the uniforms the engine may
# derive from the same (run_seed, mention_id): otherwise, say, the draw that made a mention
# very negative would also always pick the first template.
_TEXT_STREAM = 0x7E47
_BATCH = 48  # uniforms per numpy call; one render uses ~30

_T = TypeVar("_T")


@dataclass(frozen=True)
class MentionText:
    """What the feed shows for one mention: who posted it and what they wrote."""

    handle: str
    text: str


def max_chars(channel: str) -> int:
    """The longest text `mention_text` returns for a channel."""
    return _MAX_CHARS.get(channel, _DEFAULT_MAX_CHARS)


# --------------------------------------------------------------------------------------
# Topics
# --------------------------------------------------------------------------------------

# Written so they fit "a question about X", "a problem with X", "thanks for sorting out X".
_TOPIC_PHRASES = {
    "general": "my order",
    "billing": "my bill",
    "delivery": "my delivery",
    "outage": "the outage",
    "login": "logging in",
    "recall": "the recall",
    "recall-refund": "the recall refund",
    "safety": "the safety issue",
    "data-breach": "the data breach",
    "password-reset": "the password reset",
    "launch": "the launch",
    "pricing": "the new pricing",
    "shipping-delay": "the shipping delay",
    "hashtag": "the hashtag campaign",
    "returns": "my return",
    "app-crash": "the app crashing",
    "account": "my account",
    "refund": "my refund",
}
_SLUG_SEPARATORS = re.compile(r"[-_\s]+")


def _topic_key(topic: str) -> str:
    return "-".join(_SLUG_SEPARATORS.split(topic.strip().lower())).strip("-")


def topic_phrase(topic: str) -> str:
    """A noun phrase for a topic slug, as a customer would say it.

    Topics are free-form slugs from scenario files, so an unknown one falls back to its own
    words ("firmware-update" -> "the firmware update") rather than failing a display.
    """
    key = _topic_key(topic)
    if not key:
        return _TOPIC_PHRASES["general"]
    known = _TOPIC_PHRASES.get(key)
    if known is not None:
        return known
    return "the " + key.replace("-", " ")


def _third_person(phrase: str) -> str:
    """Phone notes are written by the agent about the caller, not by the customer."""
    for mine, theirs in (("my ", "their "), ("your ", "the ")):
        if phrase.startswith(mine):
            return theirs + phrase[len(mine) :]
    return phrase


def _camel(words: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in re.split(r"[^A-Za-z0-9]+", words) if w)


# --------------------------------------------------------------------------------------
# Templates. Placeholders: {brand} {at_brand} {brand_tag} {topic} {Topic} {tag} {order}
# {model} {product} {n} {hours} {hold} {count} {callback} {ord} {Ord} {first} {last} {agent}
# {prize} ("an iPhone") {prize_bare} ("iPhone") {PRIZE_BARE} {url} {amount}.
# Generic question, complaint and praise templates all use {topic}, so a topic with no
# hand-written lines is always named in the text.
# --------------------------------------------------------------------------------------

_GENERIC: dict[str, tuple[str, ...]] = {
    "question": (
        "Quick question about {topic}: who do I contact?",
        "Can someone explain what's happening with {topic}?",
        "Any update on {topic}?",
        "Where can I find information about {topic}?",
        "Who do I talk to about {topic}? Order {order}.",
        "Is there a help page for {topic}? Can't find one.",
        "What are the next steps for {topic}?",
        "Has anyone at {brand} looked into {topic} yet?",
        "How long does {topic} usually take to sort out?",
    ),
    "complaint": (
        "Still no answer about {topic}. It's been {n} days.",
        "Really disappointed with how {brand} is handling {topic}.",
        "Spent {hold} minutes on hold about {topic} and nobody picked up.",
        "Order {order}: still waiting on {topic}. Nobody replies.",
        "Chased {topic} {count} times now and got nowhere.",
        "Your support keeps closing my ticket about {topic} without fixing anything.",
        "Every agent tells me something different about {topic}.",
        "{Topic} has been a mess from start to finish.",
    ),
    "praise": (
        "Thanks {brand} for sorting out {topic} so quickly!",
        "Big shoutout to {agent} on the support team for the help with {topic}.",
        "Honestly impressed with how you handled {topic}.",
        "Great service today, {topic} fixed in minutes.",
        "Didn't expect a reply that fast about {topic}. Thank you!",
        "{brand} support is the best. {Topic} sorted, no fuss.",
    ),
    "crisis": (
        "I'm talking to my lawyer about {topic}.",
        "Filing a complaint with consumer protection over {topic}.",
        "See you in small claims court, {brand}.",
        "Class action over {topic}, anyone? I'm in.",
        "Worst company I have ever dealt with. {Topic} has ruined my week.",
        "You people are useless. {Ord} message about {topic} and nothing.",
        "Whoever runs this account should be fired. {Topic} is a disgrace.",
        "Going to the press about {topic} if nobody calls me today.",
        "Everyone stop buying from {brand}. Just look at {topic}.",
        "Sharing this everywhere until {brand} fixes {topic}.",
    ),
    "spam": (
        "Win a FREE {prize_bare}! Click here: {url}",
        "Congratulations! You've been selected for a free {prize_bare}. Claim at {url}",
        "I made ${amount} this week working from home. DM me!",
        "Get 10k followers fast, click here {url}",
        "{brand} giveaway! First 100 people get {prize}. Click here {url}",
        "Huge discounts, limited time only: {url}",
        "Crypto signals that never lose. Join now {url}",
    ),
}

# Hand-written lines for likely topics, per kind; mixed with the generic ones.
_BY_TOPIC: dict[str, dict[str, tuple[str, ...]]] = {
    "question": {
        "general": (
            "Can I change the address on order {order}?",
            "What are your opening hours this weekend?",
            "Do you ship to Canada?",
        ),
        "billing": (
            "Why was I charged twice this month?",
            "Can I get an itemised invoice for my last bill?",
            "Can I move my billing date to the 1st?",
        ),
        "delivery": (
            "Where is my parcel? Tracking hasn't moved in {n} days.",
            "Can I change the delivery address for order {order}?",
            "Do you deliver on Saturdays?",
        ),
        "outage": (
            "Is the service down? Nothing loads for me.",
            "Any ETA on a fix for the outage?",
            "Is the outage just in my area or everywhere?",
        ),
        "login": (
            "Why can't I log in? It says my password is wrong.",
            "Is login broken right now? It keeps looping back to the start page.",
            "How do I log in without my old phone for the 2FA code?",
        ),
        "recall": (
            "Is my model {model} part of the recall?",
            "How do I check if my {product} is affected by the recall?",
            "Should I stop using my {product} until the recall is sorted?",
        ),
        "recall-refund": (
            "How long does the recall refund take?",
            "Do I need the receipt to claim the recall refund?",
            "Is the recall refund the full price or just part of it?",
        ),
        "safety": (
            "Is it safe to keep using my {product}?",
            "Does the safety warning cover model {model} too?",
            "What should I do if my {product} gets hot?",
        ),
        "data-breach": (
            "Was my data part of the breach?",
            "Should I change my password after the data breach?",
            "Were card numbers exposed in the breach?",
        ),
        "password-reset": (
            "The password reset email never arrives. What now?",
            "How often can I request a password reset?",
            "Does the reset link expire? Mine says invalid.",
        ),
        "launch": (
            "When does the new {product} ship to my country?",
            "Will the launch edition come in black?",
            "Can I preorder the new {product} yet?",
        ),
        "pricing": (
            "Why did my plan go up by ${n}?",
            "Do existing customers keep the old price?",
            "Is there a student discount on the new pricing?",
        ),
        "shipping-delay": (
            "Why is order {order} delayed again?",
            "Is there a new delivery date for order {order}?",
            "Can I cancel order {order} since it's delayed?",
        ),
        "hashtag": (
            "How do I enter the {tag} contest?",
            "When are the {tag} winners announced?",
            "Does a story count for {tag} or only posts?",
        ),
        "returns": (
            "How do I return something I bought online?",
            "Is the return window 30 days or 14?",
            "Do I pay for return shipping on order {order}?",
        ),
        "app-crash": (
            "The app crashes on startup since the update. Any fix?",
            "Is there a fix for the app crashing on Android?",
            "Should I reinstall the app? It keeps closing.",
        ),
        "account": (
            "How do I change the email on my account?",
            "Can I merge two accounts?",
            "How do I delete my account?",
        ),
        "refund": (
            "When will my refund for order {order} show up?",
            "Was my refund sent to my card or as store credit?",
            "How long do refunds take to clear?",
        ),
    },
    "complaint": {
        "general": (
            "Order {order} arrived damaged and nobody replies.",
            "Your store staff were rude to me today.",
            "What I got looks nothing like the website.",
        ),
        "billing": (
            "I was charged twice this month.",
            "My bill went up ${n} and nobody told me.",
            "Cancelled in March and you're still billing me.",
        ),
        "delivery": (
            "Tracking says delivered, but order {order} never arrived.",
            "My parcel has been out for delivery for {n} days.",
            "Driver left my parcel in the rain.",
        ),
        "outage": (
            "Service has been down for {hours} hours and no update.",
            "Outage again. Third one this month.",
            "Can't work because your service is down.",
        ),
        "login": (
            "Locked out of my account for {n} days now.",
            "Login keeps failing even after resetting my password.",
            "Your 2FA code never arrives, so I can't log in.",
        ),
        "recall": (
            "Found out about the recall from the news, not from you.",
            "My {product} is on the recall list and nobody has called me.",
            "The recall form crashes every time I submit it.",
        ),
        "recall-refund": (
            "Still no recall refund after {n} weeks.",
            "The recall refund form rejects my receipt.",
            "Was promised a recall refund in 5 days. It's been {n} weeks.",
        ),
        "safety": (
            "My {product} overheated last night.",
            "My {product} started smoking and the manual says nothing.",
            "Safety issue with model {model}. Nobody takes it seriously.",
        ),
        "data-breach": (
            "Learned about the data breach from a news site, not from you.",
            "Getting scam calls since your data breach.",
            "Still no email telling me if my data was leaked.",
        ),
        "password-reset": (
            "The password reset link expires before it arrives.",
            "Reset my password {count} times and still can't get in.",
            "Password reset emails go nowhere.",
        ),
        "launch": (
            "Waited up all night for the launch and the site crashed.",
            "Preordered the new {product} and it still hasn't shipped.",
            "The new {product} is worse than the old one.",
        ),
        "pricing": (
            "Prices up again? ${n} more a month for the same thing.",
            "The new pricing is a joke for long-time customers.",
            "Nobody warned me about the price rise.",
        ),
        "shipping-delay": (
            "Order {order} delayed for the {ord} time.",
            "Delivery pushed back {n} days with no explanation.",
            "Paid for express shipping and it's {n} days late.",
        ),
        "hashtag": (
            "Your {tag} campaign is tone-deaf.",
            "Entered {tag} and never heard back.",
            "The {tag} posts are everywhere but nobody answers my complaint.",
        ),
        "returns": (
            "Returned order {order} {n} weeks ago and no refund yet.",
            "Your return label doesn't scan at the post office.",
            "The store refused my return even with a receipt.",
        ),
        "app-crash": (
            "The app crashes every time I open it.",
            "Since the update the app closes when I tap checkout.",
            "Lost my cart twice because the app crashed.",
        ),
        "account": (
            "My account was suspended for no reason.",
            "Can't update my address in my account settings.",
            "Someone changed my account email and I can't get it back.",
        ),
        "refund": (
            "Still waiting on my refund for order {order}.",
            "You refunded the wrong amount.",
            "Refund was promised in 5 days. It's been {n} weeks.",
        ),
    },
    "praise": {
        "general": (
            "Order arrived a day early, love it!",
            "Best customer service I've had all year.",
        ),
        "billing": (
            "Billing mistake fixed and refunded the same day.",
            "Thanks for waiving the late fee!",
        ),
        "delivery": (
            "Parcel arrived a day early, thanks!",
            "Lovely delivery driver today.",
        ),
        "outage": (
            "Service is back. Thanks for the updates during the outage.",
            "Appreciated the honest updates during the outage.",
        ),
        "login": ("Back into my account. Thanks for the quick help!",),
        "recall": (
            "Recall handled really well, my new {product} is already here.",
            "Thanks for calling me about the recall before I even asked.",
        ),
        "recall-refund": (
            "Recall refund came through in {n} days. Painless.",
            "Got my recall refund already, thanks!",
        ),
        "safety": ("Thanks for taking the safety issue seriously.",),
        "data-breach": ("Appreciate the clear email about the breach.",),
        "password-reset": ("Password reset worked first time, thanks.",),
        "launch": (
            "The new {product} is brilliant!",
            "Launch day delivery, well done!",
        ),
        "pricing": (
            "Thanks for keeping my old price.",
            "Fair pricing, happy to stay.",
        ),
        "shipping-delay": ("My delayed order arrived with a voucher. Nice touch.",),
        "hashtag": (
            "Loving the {tag} posts!",
            "Won the {tag} contest, thank you!",
        ),
        "returns": (
            "Easiest return I've ever done.",
            "Return processed in {n} days, thanks!",
        ),
        "app-crash": ("The app update fixed the crashes, thanks!",),
        "account": ("Account sorted in one chat. Thanks!",),
        "refund": (
            "Refund arrived already, thanks!",
            "Refund in {n} days, no questions asked.",
        ),
    },
    "crisis": {
        "recall": (
            "My {product} nearly set my kitchen on fire and you call it a voluntary recall?",
            "Recalled {product} and not a word from you. My lawyer will hear about this.",
        ),
        "recall-refund": ("Withholding recall refunds is illegal. My lawyer agrees.",),
        "safety": (
            "My child was nearly hurt by your {product}. I'm talking to my lawyer.",
            "Your {product} is DANGEROUS and you know it.",
        ),
        "data-breach": (
            "You leaked my data and said nothing. Reporting you to the regulator.",
            "Data breach and radio silence. Class action incoming.",
        ),
        "outage": ("{hours} hours down. I run a business. Expect an invoice for my losses.",),
        "billing": ("Taking money you're not owed is theft. Reporting you to my bank.",),
        "refund": ("Keeping my money is theft. Small claims court next.",),
        "pricing": ("Price gouging, plain and simple. Reporting {brand} to the regulator.",),
        "delivery": ("Chargeback filed. Never ordering from {brand} again.",),
        "shipping-delay": ("Chargeback filed. Never ordering from {brand} again.",),
    },
}

# Phone notes: written by the agent, in the third person, about the call.
_PHONE: dict[str, tuple[str, ...]] = {
    "question": (
        "Caller asks about {topic}; wants to know next steps.",
        "Caller asks for an update on {topic}, order {order}.",
        "Customer called re {topic}. Needs the process explained.",
        "Caller asks how long {topic} will take. Wants a call back.",
        "Caller asks if there is a help page for {topic}.",
        "{first} called asking about {topic}; first time calling.",
        "Caller wants {topic} explained in writing, by email.",
    ),
    "complaint": (
        "Caller unhappy about {topic}; says it's been {n} days.",
        "Caller complains about {topic}, {ord} call this week.",
        "Customer reports a problem with {topic}, order {order}. Wants it fixed today.",
        "Caller frustrated with {topic}; was on hold {hold} minutes.",
        "Caller says {topic} is still not sorted after {count} calls.",
        "{first} called again about {topic}; previous agent promised a call back.",
    ),
    "praise": (
        "Caller thanks the team for sorting out {topic}.",
        "Customer called just to say thanks re {topic}.",
        "Caller praises {agent} for the help with {topic}.",
        "{first} called to say {topic} is sorted; happy with the service.",
    ),
    "crisis": (
        "Caller very angry about {topic}; says they are talking to their lawyer.",
        "Caller shouting, threatens to go to the press over {topic}.",
        "Caller abusive, demands a manager about {topic}. Call ended.",
        "Caller will file a formal complaint with the regulator over {topic}.",
        "Caller threatens a chargeback and legal action over {topic}.",
        "{first} says their solicitor will be in touch about {topic}.",
        "Caller says they have {n} friends ready to post about {topic}. Escalate.",
        "Caller in tears over {topic}, wants compensation. Escalated to a supervisor.",
    ),
    "spam": (
        "Robocall offering a free {prize_bare}; not a customer.",
        "Sales call pitching SEO services; not a customer.",
        "Recorded message claiming we won {prize}. Spam.",
        "Silent call, line dropped after {n} seconds.",
        "Automated call about an extended car warranty; hung up.",
    ),
}
_PHONE_REFS = (
    "",
    "",
    "Order {order}.",
    "Callback requested after {callback}.",
    "Transferred from the main line.",
    "Customer for {n} years.",
)
_PHONE_TONE = {
    "furious": ("Very upset.", "Raised voice throughout.", "{Ord} call about this."),
    "annoyed": ("Getting impatient.", "Sounded frustrated."),
    "neutral": ("", "Calm."),
    "warm": ("Polite and patient.", "Friendly."),
}

# Openers and closers shade the tone by sentiment; "" means "say nothing".
_OPENERS = {
    "furious": ("{Ord} time I'm asking.", "Still waiting.", "Seriously?", "Day {n} of this."),
    "annoyed": ("Still waiting on this.", "Not happy.", "Come on."),
}
_CLOSERS: dict[str, dict[str, tuple[str, ...]]] = {
    "question": {
        "furious": ("Answer me!!", "Is ANYONE there?", "FIX THIS NOW!", "Ridiculous!!"),
        "annoyed": ("Please just reply.", "Getting really frustrated.", "Hello?"),
        "neutral": ("", "Thanks.", "Any help appreciated.", "Cheers."),
        "warm": ("Thanks in advance!", "Thanks so much!", "Appreciate it :)"),
    },
    "complaint": {
        "furious": ("UNACCEPTABLE.", "FIX THIS NOW!", "Absolutely ridiculous!!", "Never again."),
        "annoyed": ("Please sort this out.", "Not impressed.", "Getting really frustrated."),
        "neutral": ("", "Please advise.", "Can someone look into it?"),
        "warm": ("Otherwise love you guys.", "Thanks for looking into it!"),
    },
    "praise": {
        "furious": ("About time.", "Finally."),
        "annoyed": ("Took a while, but okay.", "Finally."),
        "neutral": ("", "Thank you!", "10/10."),
        "warm": ("", "Keep it up!", "Thank you so much!", "10/10."),
    },
    "crisis": {
        "furious": ("I'm DONE with {brand}.", "Screenshots saved.", "LAST WARNING."),
        "annoyed": ("", "Screenshots saved.", "You've been warned."),
        "neutral": ("", "You've been warned."),
        "warm": ("", "You've been warned."),
    },
    "spam": {tone: ("",) for tone in ("furious", "annoyed", "neutral", "warm")},
}

_SPAM_PRIZES = (
    "iPhone",
    "$500 gift card",
    "cruise for two",
    "PS5",
    "year of coffee",
    "$100 {brand} voucher",
)
_SPAM_DOMAINS = ("bit.ly", "tinyurl.com", "free-gifts.xyz", "win-now.top", "promo-claim.info")
_SPAM_USER_PARTS = (
    ("free", "win", "deals", "promo", "crypto", "gift", "prize", "cash", "bonus"),
    ("4u", "hub", "zone", "king", "drop", "club", "daily"),
)
_URL_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_PRODUCTS = ("unit", "machine", "device")
_MODEL_PREFIXES = ("AX", "KT", "WM", "ZR", "HV")
_ORDINALS = ("second", "third", "fourth", "fifth")
_COUNTS = ("two", "three", "four", "five")


# --------------------------------------------------------------------------------------
# Channel wrappers
# --------------------------------------------------------------------------------------

_INSTAGRAM_LEADS = {
    "question": ("", "Love this!", "Gorgeous shot."),
    "complaint": (
        "",
        "Nice post, now answer your DMs.",
        "Pretty pictures won't fix {topic}.",
        "Stop posting and reply to your customers.",
    ),
    "praise": ("", "Obsessed!", "So good!"),
    "crisis": ("", "Stop posting ads and deal with {topic}.", "Delete this and answer people."),
    "spam": ("", "Nice pic!"),
}
_INSTAGRAM_TAGS = {
    "question": ("#help", "#question"),
    "complaint": ("#fail", "#customerservice", "#disappointed"),
    "praise": ("#love", "#happycustomer", "#recommended"),
    "crisis": ("#boycott", "#fail", "#shame"),
    "spam": ("#giveaway", "#free", "#win"),
}
_FACEBOOK_LEADS = ("", "", "Hi {brand}, ", "Hello, ", "To whoever runs this page: ")
_FACEBOOK_TAILS = {
    "question": ("", "Sent a message too.", "Couldn't find it in the FAQ."),
    "complaint": (
        "",
        "Sent a message too but no reply.",
        "Posting here since nobody answers the phone.",
    ),
    "praise": ("", "Will definitely recommend you to friends."),
    "crisis": ("", "Everyone reading this, be warned.", "I'll keep posting until you reply."),
    "spam": ("",),
}
_FORUM_TITLES = {
    "question": (
        "Anyone else having trouble with {topic}?",
        "[Help] Question about {topic}.",
        "Newbie question.",
    ),
    "complaint": (
        "Anyone else fed up with {topic}?",
        "PSA about {topic}.",
        "Is it just me?",
    ),
    "praise": ("Good experience with {topic}.", "Credit where it's due.", "Some good news."),
    "crisis": ("Warning to everyone about {brand}.", "Avoid {brand}.", "Taking legal action."),
    "spam": ("!!! FREE {PRIZE_BARE} !!!", "Best deals here.", "Read this before it's deleted."),
}
_FORUM_EXTRAS = {
    "question": (
        "Tried the FAQ, nothing there.",
        "Searched the forum first, sorry if it's a repeat.",
        "Support chat just gives canned answers.",
    ),
    "complaint": (
        "Called support twice already.",
        "Tried restarting and reinstalling, no change.",
        "Posting here since nobody answers the phone.",
    ),
    "praise": ("Just wanted to share some good news for once.", "Support actually works here."),
    "crisis": ("Keep your receipts, people.", "Screenshots saved.", "Spread the word."),
    "spam": ("Limited spots.", "Not a scam!!"),
}
_REVIEW_EXTRAS = {
    "question": ("", "Otherwise fine.", "Decent product overall."),
    "complaint": ("Would give zero stars if I could.", "Avoid.", "Not buying again.", ""),
    "praise": ("Would buy again.", "Highly recommend.", "Recommended.", ""),
    "crisis": ("Avoid at all costs.", "Reported to consumer protection."),
    "spam": ("",),
}
_REVIEW_GRUDGING = ("", "Took long enough.", "Fine in the end.", "Could have been quicker.")
_CHAT_LEADS = ("", "hi, ", "hello, ", "hey, ", "hi there. ")
_CHAT_FURIOUS = ("are you a bot?", "can I talk to a real person?", "hello??")
_EMAIL_SUBJECTS = {
    "question": ("Question about {topic}", "Enquiry about {topic}", "{Topic}: need help"),
    "complaint": (
        "Complaint regarding {topic}",
        "Still waiting: {topic}",
        "Order {order}: {topic}",
    ),
    "praise": ("Thank you!", "Great service", "Compliments to your team"),
    "crisis": (
        "Formal complaint and notice of legal action",
        "Final warning before I go to the press",
        "Legal action regarding {topic}",
    ),
    "spam": ("You've won!", "Claim your {prize_bare} now", "Business proposal"),
}
_EMAIL_GREETINGS = ("Hello,", "Hi,", "Dear {brand} team,", "To whom it may concern,")
_EMAIL_SIGNOFFS = ("Regards, {first}", "Thanks, {first}", "- {first}", "Best, {first} {last}")
_SMS_WORDS = {
    "you're": "ur",
    "you": "u",
    "your": "ur",
    "please": "pls",
    "thanks": "thx",
    "tomorrow": "tmrw",
    "and": "&",
}
_SMS_PATTERN = re.compile(r"\b(?:" + "|".join(_SMS_WORDS) + r")\b", re.IGNORECASE)


# --------------------------------------------------------------------------------------
# Randomness and names
# --------------------------------------------------------------------------------------


class _Dice:
    """Uniform draws consumed in order.

    Drawn in batches because numpy's per-call overhead, not the arithmetic, is the cost
    at this size.
    """

    __slots__ = ("_i", "_rng", "_u")

    def __init__(self, rng: np.random.Generator) -> None:
        self._rng = rng
        self._u: list[float] = rng.random(_BATCH).tolist()
        self._i = 0

    def uniform(self) -> float:
        if self._i == len(self._u):
            self._u = self._rng.random(_BATCH).tolist()
            self._i = 0
        u = self._u[self._i]
        self._i += 1
        return u

    def pick(self, options: Sequence[_T]) -> _T:
        return options[int(self.uniform() * len(options))]

    def chance(self, p: float) -> bool:
        return self.uniform() < p

    def integer(self, low: int, high: int) -> int:
        """Inclusive of both ends."""
        return low + int(self.uniform() * (high - low + 1))


@dataclass(frozen=True)
class _NameTable:
    names: tuple[str, ...]
    cumulative: tuple[float, ...]

    def draw(self, u: float) -> str:
        i = bisect.bisect_right(self.cumulative, u * self.cumulative[-1])
        return self.names[min(i, len(self.names) - 1)]


def _name_table(names: Sequence[str] | Mapping[str, float]) -> _NameTable:
    """Faker keeps some lists weighted by frequency (OrderedDict) and some plain."""
    if isinstance(names, Mapping):
        keys = tuple(names)
        weights = [float(names[k]) for k in keys]
    else:
        keys = tuple(names)
        weights = [1.0] * len(keys)
    cumulative: list[float] = []
    total = 0.0
    for w in weights:
        total += w
        cumulative.append(total)
    return _NameTable(keys, tuple(cumulative))


# A mostly-US audience with some of the brand's customers abroad.
_LOCALES = (("en_US", 0.55), ("en_GB", 0.15), ("en_IN", 0.15), ("es_MX", 0.15))


@functools.cache
def _name_tables() -> tuple[tuple[float, ...], tuple[tuple[_NameTable, _NameTable], ...]]:
    cumulative: list[float] = []
    tables: list[tuple[_NameTable, _NameTable]] = []
    total = 0.0
    for locale, weight in _LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        tables.append((_name_table(provider.first_names), _name_table(provider.last_names)))
        total += weight
        cumulative.append(total)
    return tuple(c / total for c in cumulative), tuple(tables)


def _person(dice: _Dice) -> tuple[str, str]:
    locale_cumulative, tables = _name_tables()
    i = min(bisect.bisect_right(locale_cumulative, dice.uniform()), len(tables) - 1)
    first_table, last_table = tables[i]
    # Faker's tables hold a few names with doubled spaces ("Alta  Gracia").
    first = " ".join(first_table.draw(dice.uniform()).split())
    return first, " ".join(last_table.draw(dice.uniform()).split())


def _ascii_word(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def _username(first: str, last: str, dice: _Dice, kind: str) -> str:
    """A lowercase [a-z0-9_] user name, at most 15 characters (twitter's limit)."""
    if kind == "spam" and dice.chance(0.7):
        word, suffix = dice.pick(_SPAM_USER_PARTS[0]), dice.pick(_SPAM_USER_PARTS[1])
        return f"{word}{suffix}_{dice.integer(100, 9999)}"[:15].rstrip("_")
    f, last_ascii = _ascii_word(first) or "user", _ascii_word(last) or "x"
    year = dice.integer(70, 99) if dice.chance(0.5) else dice.integer(1, 999)
    forms = (
        f"{f}_{last_ascii[0]}",
        f"{f}{last_ascii}",
        f"{f[0]}{last_ascii}{year}",
        f"{f}_{last_ascii}",
        f"{last_ascii}{f[0]}",
        f"{f}{year}",
        f"the{f}{last_ascii[0]}",
    )
    return dice.pick(forms)[:15].rstrip("_")


def _handle(channel: str, first: str, last: str, dice: _Dice, kind: str) -> str:
    if channel in ("twitter", "instagram"):
        return "@" + _username(first, last, dice, kind)
    if channel == "forum":
        return "u/" + _username(first, last, dice, kind)
    if channel == "reviews":
        return f"{first} {last.strip()[:1].upper()}."
    return f"{first} {last}"


# --------------------------------------------------------------------------------------
# Composition
# --------------------------------------------------------------------------------------


def _tone(sentiment: float) -> str:
    if sentiment <= -0.7:
        return "furious"
    if sentiment < -0.25:
        return "annoyed"
    if sentiment < 0.25:
        return "neutral"
    return "warm"


def _stars(sentiment: float) -> str:
    """-1 -> one star, 0 -> three, +1 -> five."""
    n = min(5, max(1, math.floor((sentiment + 1.0) * 2.0 + 0.5) + 1))
    return "★" * n + "☆" * (5 - n)


def _fields(
    dice: _Dice, brand: str, topic: str, first: str, last: str, channel: str
) -> dict[str, str]:
    phrase = topic_phrase(topic)
    if channel == "phone":
        phrase = _third_person(phrase)
    brand_tag = _camel(brand) or "Brand"
    key = _topic_key(topic)
    tag = f"#{brand_tag}Moments" if key == "hashtag" else f"#{brand_tag}{_camel(key)}"
    agent_first, _ = _person(dice)
    ordinal = dice.pick(_ORDINALS)
    url_code = "".join(dice.pick(_URL_ALPHABET) for _ in range(6))
    prize = dice.pick(_SPAM_PRIZES).replace("{brand}", brand)
    article = "an" if prize[:1] in "aeiouAEIOU" else "a"
    return {
        "brand": brand,
        "at_brand": "@" + (re.sub(r"[^A-Za-z0-9_]", "", brand) or "brand"),
        "brand_tag": brand_tag,
        "topic": phrase,
        "Topic": phrase[:1].upper() + phrase[1:],
        "tag": tag,
        "order": f"#{dice.integer(10000, 9999999)}",
        "model": f"{dice.pick(_MODEL_PREFIXES)}-{dice.integer(10, 99)}0",
        "product": dice.pick(_PRODUCTS),
        "n": str(dice.integer(2, 9)),
        "hours": str(dice.integer(2, 14)),
        "hold": str(dice.integer(20, 95)),
        "count": dice.pick(_COUNTS),
        "callback": f"{dice.integer(1, 5)}pm",
        "ord": ordinal,
        "Ord": ordinal.capitalize(),
        "first": first,
        "last": last,
        "agent": agent_first,
        "prize": f"{article} {prize}",
        "prize_bare": prize,
        "PRIZE_BARE": prize.upper(),
        "url": f"{dice.pick(_SPAM_DOMAINS)}/{url_code}",
        "amount": f"{dice.integer(8, 74) * 100:,}",
    }


def _fill(template: str, fields: Mapping[str, str]) -> str:
    return template.format_map(fields) if "{" in template else template


@functools.cache
def _core_pool(kind: str, topic_key: str) -> tuple[str, ...]:
    """Hand-written lines count twice: they are what makes a topic feel real, but a topic
    with one line must not say it in every other post."""
    specific = _BY_TOPIC.get(kind, {}).get(topic_key, ())
    return specific + specific + _GENERIC[kind]


def _core(kind: str, topic: str, dice: _Dice) -> str:
    """The customer's own words, before a channel dresses them."""
    return dice.pick(_core_pool(kind, _topic_key(topic)))


def _shout(core: str, channel: str, dice: _Dice) -> str:
    """Very negative posts end in exclamation marks and sometimes go all caps."""
    if core.endswith("."):
        core = core[:-1] + "!"
    elif core.endswith("?"):
        core += "?"
    if channel in ("twitter", "facebook", "chat", "sms") and dice.chance(0.3):
        core = core.upper()
    return core


def _lower_first(text: str, brand: str) -> str:
    """For text glued after "hi, ": keeps "I", the brand, acronyms and shouting as they are."""
    first_word = text.split(" ", 1)[0]
    if not first_word or first_word == "I" or first_word.startswith("I'"):
        return text
    if brand and text.startswith(brand):
        return text
    if first_word.isupper() and len(first_word) > 1:
        return text
    return text[:1].lower() + text[1:]


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?", ":", ")")) else text + "."


@dataclass(frozen=True)
class _Seg:
    text: str
    optional: bool = False


def _assemble(segments: Sequence[_Seg], limit: int, sep: str = " ") -> str:
    """Keep every required segment and the optional ones that still fit, in order.

    Optional segments are dressing (greetings, hashtags, sign-offs); dropping one is
    better than cutting the customer's words off.
    """
    kept = [s for s in segments if s.text and not s.optional]
    used = sum(len(s.text) for s in kept) + len(sep) * max(0, len(kept) - 1)
    chosen = {id(s) for s in kept}
    for s in segments:
        if s.optional and s.text and used + len(sep) + len(s.text) <= limit:
            chosen.add(id(s))
            used += len(sep) + len(s.text)
    return sep.join(s.text for s in segments if id(s) in chosen)


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:") + "…"


@dataclass(frozen=True)
class _Parts:
    """What every channel wrapper gets: the words, the tone, and the fields to fill."""

    kind: str
    tone: str
    opener: str
    core: str
    closer: str
    fields: Mapping[str, str]
    reach: int


def _written_parts(
    kind: str, tone: str, topic: str, fields: Mapping[str, str], channel: str, dice: _Dice
) -> tuple[str, str, str]:
    core = _fill(_core(kind, topic, dice), fields)
    opener = ""
    wants_opener = kind in ("question", "complaint", "crisis") and tone in _OPENERS
    if wants_opener and dice.chance(0.5 if tone == "furious" else 0.2):
        opener = _fill(dice.pick(_OPENERS[tone]), fields)
    if tone == "furious" and kind in ("question", "complaint", "crisis"):
        core = _shout(core, channel, dice)
    closer = _fill(dice.pick(_CLOSERS[kind][tone]), fields)
    if closer and closer.lower() in core.lower():
        closer = ""
    return opener, core, closer


def _twitter(p: _Parts, dice: _Dice, limit: int) -> str:
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
    return _assemble(
        [
            _Seg(lead),
            _Seg(p.opener, True),
            _Seg(p.core),
            _Seg(p.closer, True),
            _Seg(amplify, True),
            _Seg(tail),
            _Seg(hashtag, True),
        ],
        limit,
    )


def _instagram(p: _Parts, dice: _Dice, limit: int) -> str:
    f = p.fields
    lead = _fill(dice.pick(_INSTAGRAM_LEADS[p.kind]), f)
    mention = f["at_brand"].lower() if dice.chance(0.3) else ""
    tags = ""
    if dice.chance(0.5):
        tags = f"#{f['brand_tag'].lower()} {dice.pick(_INSTAGRAM_TAGS[p.kind])}"
    return _assemble(
        [
            _Seg(mention, True),
            _Seg(lead, True),
            _Seg(p.core),
            _Seg(p.closer, True),
            _Seg(tags, True),
        ],
        limit,
    )


def _facebook(p: _Parts, dice: _Dice, limit: int) -> str:
    lead = _fill(dice.pick(_FACEBOOK_LEADS), p.fields)
    first = p.opener or p.core
    if lead.endswith(", "):
        first = _lower_first(first, p.fields["brand"])
    body = [_Seg(lead.rstrip() + " " + first if lead else first)]
    if p.opener:
        body.append(_Seg(p.core))
    tail = _fill(dice.pick(_FACEBOOK_TAILS[p.kind]), p.fields)
    return _assemble([*body, _Seg(tail, True), _Seg(p.closer, True)], limit)


def _forum(p: _Parts, dice: _Dice, limit: int) -> str:
    title = _fill(dice.pick(_FORUM_TITLES[p.kind]), p.fields)
    extra = dice.pick(_FORUM_EXTRAS[p.kind])
    return _assemble(
        [
            _Seg(_sentence(title), True),
            _Seg(p.opener, True),
            _Seg(p.core),
            _Seg(extra, True),
            _Seg(p.closer, True),
        ],
        limit,
    )


def _reviews(p: _Parts, dice: _Dice, limit: int, sentiment: float) -> str:
    # Grudging praise at two stars does not "highly recommend".
    grudging = p.kind == "praise" and sentiment < 0
    extra = dice.pick(_REVIEW_GRUDGING if grudging else _REVIEW_EXTRAS[p.kind])
    return _assemble(
        [_Seg(_stars(sentiment)), _Seg(p.core), _Seg(extra, True), _Seg(p.closer, True)],
        limit,
    )


def _chat(p: _Parts, dice: _Dice, limit: int) -> str:
    lead = dice.pick(_CHAT_LEADS)
    first = p.opener or p.core
    if lead:
        glued = lead.endswith(", ")
        first = lead + (_lower_first(first, p.fields["brand"]) if glued else first)
    segs = [_Seg(first)]
    if p.opener:
        segs.append(_Seg(p.core))
    if p.tone == "furious" and p.kind in ("question", "complaint") and dice.chance(0.5):
        segs.append(_Seg(dice.pick(_CHAT_FURIOUS), True))
    segs.append(_Seg(p.closer, True))
    return _assemble(segs, limit)


def _sms(p: _Parts, dice: _Dice, limit: int) -> str:
    lead = "hi " if dice.chance(0.3) else ""
    text = _assemble(
        [
            _Seg(lead + _lower_first(p.opener or p.core, p.fields["brand"])),
            _Seg(p.core if p.opener else ""),
            _Seg(p.closer, True),
        ],
        limit,
    )
    return _SMS_PATTERN.sub(lambda m: _SMS_WORDS[m.group(0).lower()], text)


def _email(p: _Parts, dice: _Dice, limit: int) -> str:
    f = p.fields
    subject = _fill(dice.pick(_EMAIL_SUBJECTS[p.kind]), f)
    if p.tone == "furious" and p.kind in ("question", "complaint"):
        subject = "[URGENT] " + subject
    greeting = _fill(dice.pick(_EMAIL_GREETINGS), f) if p.kind != "spam" else "Dear customer,"
    signoff = _fill(dice.pick(_EMAIL_SIGNOFFS), f) if p.kind != "spam" else ""
    # One line in the feed, so the greeting runs on into the body: "Hi, why was I ...".
    first, rest = (p.opener, p.core) if p.opener else (p.core, "")
    body = [_Seg(f"{greeting} {_lower_first(first, f['brand'])}")]
    if rest:
        body.append(_Seg(rest))
    segments = [_Seg(_sentence(subject)), *body, _Seg(p.closer, True), _Seg(signoff, True)]
    if len("".join(s.text for s in segments[:-2])) + len(segments) > limit:
        segments = [_Seg(_sentence(subject)), _Seg(p.core), _Seg(p.closer, True)]
    return _assemble(segments, limit)


def _phone(kind: str, tone: str, fields: Mapping[str, str], dice: _Dice, limit: int) -> str:
    note = _fill(dice.pick(_PHONE[kind]), fields)
    extra = ref = ""
    if kind in ("question", "complaint"):
        extra = _fill(dice.pick(_PHONE_TONE[tone]), fields)
    if kind != "spam":
        ref = _fill(dice.pick(_PHONE_REFS), fields)
        if ref.startswith("Order") and "order" in note.lower():
            ref = ""
    return _assemble([_Seg(note), _Seg(extra, True), _Seg(ref, True)], limit)


_Wrapper = Callable[[_Parts, _Dice, int], str]
_WRAPPERS: dict[str, _Wrapper] = {
    "twitter": _twitter,
    "instagram": _instagram,
    "facebook": _facebook,
    "forum": _forum,
    "chat": _chat,
    "sms": _sms,
    "email": _email,
}


def _rng(run_seed: int, mention_id: int) -> np.random.Generator:
    seq = np.random.SeedSequence([run_seed, mention_id], spawn_key=(_TEXT_STREAM,))
    return np.random.default_rng(seq)


def mention_text(
    mention_id: int,
    run_seed: int,
    channel: str,
    kind: str,
    topic: str,
    sentiment: float,
    brand: str = "Acme",
    reach: int = 0,
) -> MentionText:
    """The handle and words the feed shows for one mention.

    Deterministic in all arguments: the same mention renders the same way in a live run,
    a replay and a report. ``mention_id`` and ``run_seed`` must be non-negative integers
    (numpy's SeedSequence refuses others). ``sentiment`` outside [-1, 1] is clamped, since
    a display should not fail on a number another module computed.
    """
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}; expected one of {', '.join(CHANNELS)}")
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    s = 0.0 if math.isnan(sentiment) else min(1.0, max(-1.0, float(sentiment)))
    dice = _Dice(_rng(run_seed, mention_id))
    first, last = _person(dice)
    handle = _handle(channel, first, last, dice, kind)
    fields = _fields(dice, brand, topic, first, last, channel)
    tone = _tone(s)
    limit = max_chars(channel)
    if channel == "phone":
        text = _phone(kind, tone, fields, dice, limit)
    else:
        opener, core, closer = _written_parts(kind, tone, topic, fields, channel, dice)
        parts = _Parts(kind, tone, opener, core, closer, fields, reach)
        if channel == "reviews":
            text = _reviews(parts, dice, limit, s)
        else:
            text = _WRAPPERS[channel](parts, dice, limit)
    return MentionText(handle=handle, text=_clip(text, limit))
