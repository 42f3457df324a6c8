"""The length of the answer to the follow-up to say aloud (its text: snippets/say_it.py): claim
follow-up.say-it.length, on the card /follow-up/#say-it."""

from snippets.evidence import claim, report
from snippets.say_it import ANSWERS, length, statement


@claim("follow-up.say-it.length", statement=statement(ANSWERS["follow-up"]))
def follow_up_answer_length():
    return length("follow-up")


if __name__ == "__main__":
    report(__name__)
