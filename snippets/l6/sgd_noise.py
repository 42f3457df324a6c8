"""SGD noise, cited rather than computed: claim l6.implicit.keskar-batch-sizes, page /l6/implicit/
(#sgd-noise)."""

from snippets.evidence import cited, report

cited(
    "l6.implicit.keskar-batch-sizes",
    statement=(
        "Keskar et al. compare small batches of {small_batch} data points with large batches "
        "holding a fraction {large_batch_fraction} of the training set."
    ),
    values={"small_batch": 256, "large_batch_fraction": 0.1},
    source="keskar2017",
    locator=(
        "section 2.2 (numerical experiments: small batch 256 data points, large batch 10% of "
        "the training data); the authors' code, keskarnitish/large-batch-training, README: "
        "256 and 5000, a tenth of the 50,000 CIFAR training images"
    ),
)


if __name__ == "__main__":
    report(__name__)
