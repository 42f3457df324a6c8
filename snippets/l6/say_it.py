"""Claim l6.say-it.length, on /l6/#say-it: how long the L6 answer takes to say (its text:
snippets/say_it.py)."""

from snippets.evidence import report
from snippets.say_it import length_claim

l6_answer_length = length_claim("l6")

if __name__ == "__main__":
    report(__name__)
