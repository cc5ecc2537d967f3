"""A count of none a sentence tells in words: "No one was injured", "No deaths were reported".

Breaking news often says that nobody was hurt, and another source may count the hurt: "No one was injured in the
crash" and "Two people were injured in the crash" cannot both hold. The words are read as a count of zero of
what they name: persons for "no one" and "nobody", the harm named for "no injuries" or "no deaths".
"""

from __future__ import annotations

import re

from dedupe_cli.claims.lexicon import lemma

__all__ = ["nobody_harmed"]

#: "No one was injured", "nobody has been killed", "no one was seriously hurt": none of the persons harmed.
_NO_ONE = re.compile(
    r"\b(?P<text>no\s+one|nobody)\s+(?:was|were|has\s+been|had\s+been|have\s+been)\s+"
    r"(?:seriously\s+|critically\s+|badly\s+|fatally\s+)?(?:injured|hurt|killed|wounded|harmed)\b",
    re.I,
)
#: "No injuries were reported", "there were no deaths", "no fatalities have been reported": none of the harm named.
_NO_HARM = re.compile(
    r"\b(?P<text>no\s+(?:serious\s+|major\s+|other\s+)?(?P<harm>injuries|injury|deaths|fatalities|casualties))"
    r"(?=\s+(?:were|was|have\s+been|had\s+been|has\s+been)\s+reported\b|\s*[.,;]|\s+in\b)",
    re.I,
)


def nobody_harmed(sentence: str) -> list[tuple[int, int, str]]:
    """The counts of none harmed ``sentence`` tells: each one's span and what it counts ("person", "injury",
    "death", "casualty")."""
    found = [(m.start("text"), m.end("text"), "person") for m in _NO_ONE.finditer(sentence)]
    found += [(m.start("text"), m.end("text"), lemma(m.group("harm"))) for m in _NO_HARM.finditer(sentence)]
    return sorted(found)
