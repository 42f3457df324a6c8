"""The length of the L6 answer to say aloud (its text: snippets/say_it.py): claim
l6.say-it.length, on the card /l6/#say-it."""

from snippets.evidence import claim, report
from snippets.say_it import ANSWERS, length, statement


@claim("l6.say-it.length", statement=statement(ANSWERS["l6"]))
def l6_answer_length():
    return length("l6")


if __name__ == "__main__":
    report(__name__)
