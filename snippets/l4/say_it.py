"""Claim l4.say-it.length, on /l4/#say-it: how long the L4 answer takes to say (its text:
snippets/say_it.py)."""

from snippets.evidence import report
from snippets.say_it import length_claim

l4_answer_length = length_claim("l4")

if __name__ == "__main__":
    report(__name__)
