"""The length of the L5 answer to say aloud (its text: snippets/say_it.py): claim
l5.say-it.length, on the card /l5/#say-it."""

from snippets.evidence import claim, report
from snippets.say_it import ANSWERS, length, statement


@claim("l5.say-it.length", statement=statement(ANSWERS["l5"]))
def l5_answer_length():
    return length("l5")


if __name__ == "__main__":
    report(__name__)
