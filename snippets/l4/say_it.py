"""The length of the L4 answer to say aloud (its text: snippets/say_it.py): claim
l4.say-it.length, on the card /l4/#say-it."""

from snippets.evidence import claim, report
from snippets.say_it import ANSWERS, length, statement


@claim("l4.say-it.length", statement=statement(ANSWERS["l4"]))
def l4_answer_length():
    return length("l4")


if __name__ == "__main__":
    report(__name__)
