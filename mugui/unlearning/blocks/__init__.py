"""Building blocks the unlearning methods are made of: loops, targets, masks, shared parameters."""
