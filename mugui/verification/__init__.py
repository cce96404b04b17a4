"""Verification of unlearning: one set of metrics for the GUI, the CLI and the tests.

Metrics take predictors (anything with ``predict_proba(uint8 images) -> (N, 10)``; the probe
also uses ``hidden``). ``figures.model_figures`` gathers a model's accuracies, membership
inference and probe; ``gap`` measures the distance to the retrain reference; the forgetting
quality of the NeurIPS 2023 challenge lives in ``forgetting_quality``.
"""
