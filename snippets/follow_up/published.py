"""Published weight decays, as cited claims follow-up.published-weight-decay.<model>,
page /follow-up/."""

from snippets.evidence import cited, report

PAPER_COPY = "the paper's text, in public copies (not the publisher's PDF)"

# --8<-- [start:published]
PUBLISHED = {
    "gpt-3": {
        "model": "GPT-3",
        "weight_decay": 0.1,
        "optimizer": "Adam, betas (0.9, 0.95)",
        "convention": "decoupled (cites Loshchilov & Hutter); lr scaling not stated",
        "source": "brown2020",
        "locator": "Appendix B (Details of Model Training)",
        "checked": PAPER_COPY,
    },
    "llama": {
        "model": "LLaMA",
        "weight_decay": 0.1,
        "optimizer": "AdamW, betas (0.9, 0.95)",
        "convention": "AdamW; lr scaling not stated",
        "source": "touvron2023",
        "locator": "section 2.3 (Optimizer)",
        "checked": PAPER_COPY,
    },
    "llama-2": {
        "model": "Llama 2",
        "weight_decay": 0.1,
        "optimizer": "AdamW, betas (0.9, 0.95), eps 1e-5",
        "convention": "AdamW; lr scaling not stated",
        "source": "touvron2023b",
        "locator": "section 2.2 (Training Details, Hyperparameters)",
        "checked": PAPER_COPY,
    },
    "opt": {
        "model": "OPT",
        "weight_decay": 0.1,
        "optimizer": "AdamW, betas (0.9, 0.95)",
        "convention": "AdamW; lr scaling not stated",
        "source": "zhang2022-opt",
        "locator": "section 2.2 (Training Setup)",
        "checked": PAPER_COPY,
    },
    "olmo-7b": {
        "model": "OLMo-7B",
        "weight_decay": 0.1,
        "learning_rate": 3e-4,
        "warmup_steps": 5000,
        "final_lr_fraction": 0.1,
        "max_duration_tokens": 2e12,
        "batch_sequences": 2048,
        "sequence_length": 2048,
        "optimizer": "AdamW, betas (0.9, 0.95)",
        "convention": "torch-style AdamW: shrink lr x 0.1 per step",
        "source": "groeneveld2024",
        "locator": (
            "configs/official/OLMo-7B.yaml at commit 0bb7f7d: optimizer, scheduler, "
            "max_duration, global_train_batch_size"
        ),
        "checked": "the released configuration file",
    },
    "pythia": {
        "model": "Pythia",
        "weight_decay": 0.1,
        "paper_table_value": 0.01,
        "optimizer": "Adam, betas (0.9, 0.95)",
        "convention": "decoupled (GPT-NeoX's fused Adam in its AdamW mode)",
        "source": "biderman2023",
        "locator": (
            "released configs (weight-decay in each YAML file under models/); the paper's "
            "Table 6 (Appendix E) says 0.01, an error by the maintainers' account"
        ),
        "checked": "the released configuration file and the maintainers' reply",
    },
    "llama-3": {
        "model": "Llama 3",
        "weight_decay": "not stated",
        "optimizer": "AdamW",
        "convention": "unknown",
        "source": "dubey2024",
        "locator": "section 3.4.1 (Initial Pre-Training) names AdamW, no weight decay",
        "checked": PAPER_COPY,
    },
    "resnet": {
        "model": "ResNet (ImageNet)",
        "weight_decay": 1e-4,
        "learning_rate": 0.1,
        "momentum": 0.9,
        "optimizer": "SGD, momentum 0.9, lr 0.1 at the start",
        "convention": "coupled L2 in the gradient, before momentum",
        "source": "he2016",
        "locator": "section 3.4 (Implementation)",
        "checked": PAPER_COPY,
    },
    "bert": {
        "model": "BERT",
        "weight_decay": 0.01,
        "optimizer": "Adam, betas (0.9, 0.999), no bias correction",
        "convention": "decoupled and lr-scaled in the released code; the paper says L2",
        "source": "devlin2019",
        "locator": "Appendix A.2 (Pre-training Procedure)",
        "checked": "the paper's text and the released optimizer code, in public copies",
    },
}
# --8<-- [end:published]

for key, row in PUBLISHED.items():
    values = {k: v for k, v in row.items() if k != "source"}
    cited(
        f"follow-up.published-weight-decay.{key}",
        statement=f"{row['model']}: weight decay {{weight_decay}} ({{optimizer}}; {{convention}}).",
        values=values,
        source=row["source"],
        locator=row["locator"],
    )


if __name__ == "__main__":
    report(__name__)
