"""Claim follow-up.say-it.length, on /follow-up/#say-it: how long the answer to the follow-up takes to say (its text:
snippets/say_it.py)."""

from snippets.evidence import report
from snippets.say_it import length_claim

follow_up_answer_length = length_claim("follow-up")

if __name__ == "__main__":
    report(__name__)
