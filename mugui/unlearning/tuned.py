"""What tuning measured for the catalogue's methods on this machine (the README's tables).

A method module holds the method: its algorithm and its parameters with their own defaults (the
MLP's). What the benchmarks and `mugui tune` found for it is a measurement, kept here, one entry
per method; ``registry.register`` attaches a method's entry to its catalogue ``Method``:

- ``recommended``: forgetting class 5 with its defaults, it kept retain accuracy within 2 points
  of retraining, and forgot, on every data set measured (README, the methods table).
- ``tune``: the parameters that trade forgetting against retain accuracy, with the values
  `mugui tune` tries.
- ``data_defaults``: tuned defaults for a data set, by ``Dataset.name`` (e.g. "Fashion-MNIST"),
  over the method's ``params``; tuned on the MLP, they apply to the MLP only.
- ``arch_defaults``: tuned defaults for an architecture other than the MLP
  (``Model.architecture``, e.g. "cnn"), over ``params``; they replace the MLP's defaults and its
  data defaults for that architecture (README, *Unlearning on the CNN*).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Tuned:
    """One method's measured settings; the fields are ``Method``'s fields of the same names."""

    recommended: bool = False
    tune: dict[str, tuple] = field(default_factory=dict)
    data_defaults: dict[str, dict] = field(default_factory=dict)
    arch_defaults: dict[str, dict] = field(default_factory=dict)


# In the README's catalogue order (registry.CATALOGUE_ORDER).
TUNED: dict[str, Tuned] = {
    "retrain": Tuned(recommended=True),
    "sisa": Tuned(recommended=True, arch_defaults={"cnn": {"shards": 3, "slices": 1}}),
    "finetune": Tuned(
        tune={"lr": (0.01, 0.02, 0.04, 0.08), "epochs": (1, 2, 3)},
        arch_defaults={"cnn": {"lr": 0.05, "momentum": 0.95, "epochs": 5}},
    ),
    "gradient_ascent": Tuned(
        tune={"lr": (0.001, 0.002, 0.005, 0.01), "epochs": (1, 2)},
        # on the CNN the ascent through the shared convolutions collapses seed 2 before its 5s
        # are gone: the output layer alone climbs (README, CNN unlearning table)
        arch_defaults={
            "cnn": {
                "epochs": 10,
                "lr": 0.02,
                "clip_norm": 0.5,
                "stop_at": 0.02,
                "layers": "output",
                "remembered_only": True,
            }
        },
    ),
    "neggrad_plus": Tuned(
        arch_defaults={"cnn": {"alpha": 0.98, "lr": 0.03, "epochs": 8, "stop_at": 0.03}},
    ),
    "random_labels": Tuned(
        recommended=True,
        tune={"lr": (0.0025, 0.005, 0.01, 0.02), "epochs": (1, 2)},
        arch_defaults={"cnn": {"lr": 0.02, "retain_batch": 256}},
    ),
    "uniform_target": Tuned(
        tune={"lr": (0.005, 0.01, 0.02, 0.04), "epochs": (1, 2, 3)},
        arch_defaults={"cnn": {"lr": 0.01, "retain_batch": 256}},
    ),
    "bad_teacher": Tuned(
        arch_defaults={
            "cnn": {
                "retain_fraction": 1.0,
                "lr": 0.05,
                "epochs": 4,
                "temperature": 0.2,
                "stop_at": 0.03,
                "max_epochs": 16,
            }
        },
    ),
    "scrub": Tuned(
        recommended=True,
        tune={"lr": (0.001, 0.0025, 0.005, 0.01), "max_epochs": (1, 2)},
        data_defaults={"Fashion-MNIST": {"lr": 0.001}},
    ),
    "salun": Tuned(
        recommended=True,
        tune={"mask_fraction": (0.25, 0.5, 0.75), "lr": (0.0025, 0.005, 0.01, 0.02)},
        arch_defaults={"cnn": {"lr": 0.02, "retain_batch": 256}},
    ),
    "amnesiac": Tuned(
        tune={"lr": (0.02, 0.05, 0.1), "epochs": (1.0, 2.0, 4.0)},
        arch_defaults={"cnn": {"epochs": 3.0, "lr": 0.03}},
    ),
    "output_zero": Tuned(tune={"bias": (-5.0, -2.0, 0.0)}),
    "prune_layers": Tuned(
        recommended=True,
        tune={"fraction": (0.002, 0.004, 0.008, 0.016, 0.032)},
        data_defaults={"Fashion-MNIST": {"fraction": 0.004}},
        arch_defaults={
            "cnn": {"fraction": 0.01, "stop_at": 0.005, "step": 0.000125, "layers": "dense"}
        },
    ),
    "fisher": Tuned(recommended=True, tune={"alpha": (1e-7, 3e-7, 1e-6, 3e-6)}),
    "l1_sparse": Tuned(
        recommended=True,
        tune={"lr": (0.01, 0.02, 0.05), "epochs": (1.0, 2.0, 3.0)},
        data_defaults={"Fashion-MNIST": {"lr": 0.01, "epochs": 3.0}},
        arch_defaults={"cnn": {"gamma": 0.012, "epochs": 3.0, "lr": 0.04}},
    ),
    "boundary_shrink": Tuned(
        recommended=True,
        tune={"epsilon": (0.05, 0.1, 0.2), "lr": (0.001, 0.002, 0.004)},
        arch_defaults={"cnn": {"lr": 0.0002, "epochs": 3}},
    ),
    "ssd": Tuned(
        recommended=True,
        tune={"alpha": (2.0, 5.0, 10.0), "lam": (0.5, 1.0, 2.0)},
        data_defaults={"Fashion-MNIST": {"alpha": 2.0, "lam": 0.5}},
        arch_defaults={
            "cnn": {"alpha": 5.0, "lam": 0.5, "samples": 0, "batch": 64, "normalize": True}
        },
    ),
    "msg": Tuned(
        recommended=True,
        tune={"fraction": (0.05, 0.1, 0.2), "epochs": (0.5, 1.0, 2.0)},
    ),
    # on the CNN the weights a task dominates include most convolution filters (zeroing them
    # kills the network): its top 10% instead, then two repair epochs (README, CNN task table)
    "si_forget": Tuned(
        arch_defaults={
            "cnn": {"select": "fraction", "fraction": 0.1, "repair_epochs": 2, "lr": 0.03}
        },
    ),
}
