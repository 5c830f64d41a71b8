"""How easy a slide's text is to read: Flesch reading ease and a reading age.

Syllables come from Pyphen's hyphenation dictionaries (the LibreOffice ones, shipped inside
the package: no download, many languages); the formulas are the published ones: Flesch
reading ease for English with the usual adaptations for German (Amstad), French (Kandel and
Moles), Spanish (Fernández Huerta), Italian (Flesch-Vacca) and Dutch (Douma), and for English
the Flesch-Kincaid grade, read as a reading age by adding 5 (grade 7 is a reading age of 12).
For English a word has at least as many syllables as vowel groups (hyphenation never
splits off one letter), which brings the count within one of a dictionary's for most words.

Each bullet, label and line is a sentence of its own (slides rarely end lines with full
stops); slides with fewer than MIN_WORDS words are not scored (a short label's score says
little).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

MIN_WORDS = 10

# language -> (base, weight of words a sentence, weight of syllables a word)
FORMULAS = {
    "en": (206.835, 1.015, 84.6),
    "de": (180.0, 1.0, 58.5),
    "fr": (207.0, 1.015, 73.6),
    "es": (206.84, 1.02, 60.0),
    "it": (217.0, 1.3, 60.0),
    "nl": (206.835, 0.93, 77.0),
}
_WORD = re.compile(r"[^\W_][\w'’-]*")
_SENTENCE_END = re.compile(r"[.!?…]+(?=\s|$)")


@dataclass(frozen=True)
class Score:
    """The readability of some text: Flesch reading ease (higher is easier) and, for English,
    a reading age in years."""

    words: int
    sentences: int
    syllables: int
    reading_ease: float
    reading_age: float | None


def language_root(language: str) -> str:
    return language.replace("_", "-").split("-")[0].lower()


def supported(language: str) -> bool:
    """Whether text in this BCP 47 language can be scored."""
    return language_root(language) in FORMULAS and _dictionary(language) is not None


@functools.lru_cache(maxsize=8)
def _dictionary(language: str):
    import pyphen

    if language_root(language) == "en":
        # American hyphenation follows pronunciation, British etymology: the American
        # patterns count English syllables better, whichever spelling the deck uses
        return pyphen.Pyphen(lang="en_US")
    name = pyphen.language_fallback(language.replace("-", "_"))
    return pyphen.Pyphen(lang=name) if name is not None else None


def _vowel_groups(word: str) -> int:
    """English syllables by vowel groups, less a silent final e, -ed or -es."""
    n = len(re.findall(r"[aeiouy]+", word))
    if n > 1 and word.endswith("e") and not word.endswith(("le", "ee")):
        n -= 1
    elif n > 1 and re.search(r"[^aeiou]ed$", word) and not re.search(r"[td]ed$", word):
        n -= 1
    elif (
        n > 1 and re.search(r"[^aeiouy]es$", word) and not re.search(r"(s|x|z|ch|sh|c|g)es$", word)
    ):
        n -= 1
    return max(n, 1)


def syllables(word: str, language: str) -> int:
    """Syllables in a word: its hyphenation points plus one, and for English at least its
    vowel groups (hyphenation never splits off a single letter: "a-bout"). A number counts
    as one."""
    if not any(c.isalpha() for c in word):
        return 1
    word = word.lower()
    count = len(_dictionary(language).positions(word)) + 1
    if language_root(language) == "en":
        count = max(count, _vowel_groups(word))
    return count


def score(lines: list[str], language: str = "en-GB") -> Score | None:
    """The score of text given as lines (bullets, labels...): each line is at least one
    sentence. None when there are fewer than MIN_WORDS words or the language is unsupported."""
    if not supported(language):
        return None
    words = sentences = syl = 0
    for line in lines:
        found = _WORD.findall(line)
        if not found:
            continue
        words += len(found)
        syl += sum(syllables(w, language) for w in found)
        ends = len(_SENTENCE_END.findall(line.rstrip()))
        if not _SENTENCE_END.search(line.rstrip()[-1:] or " "):
            ends += 1  # the line's end is a sentence's end
        sentences += max(ends, 1)
    if words < MIN_WORDS:
        return None
    asl = words / sentences
    asw = syl / words
    base, per_sentence, per_syllable = FORMULAS[language_root(language)]
    ease = base - per_sentence * asl - per_syllable * asw
    age = None
    if language_root(language) == "en":
        age = 0.39 * asl + 11.8 * asw - 15.59 + 5
    return Score(
        words, sentences, syl, round(ease, 1) + 0.0, round(age, 1) if age is not None else None
    )
