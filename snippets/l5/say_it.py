"""Claim l5.say-it.length, on /l5/#say-it: how long the L5 answer takes to say (its text:
snippets/say_it.py)."""

from snippets.evidence import report
from snippets.say_it import length_claim

l5_answer_length = length_claim("l5")

if __name__ == "__main__":
    report(__name__)
