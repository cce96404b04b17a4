"""Bug switches and schedules as plain ints, so kernels can take them as arguments.

The catalogue that explains each bug lives in ``mugui.bugs``; here are only the bits.
"""

BATCH_IMAGE_INDEX = 1 << 0  # every slot of a group gets image i, labels stay i..i+B-1
NO_SHUFFLE = 1 << 1  # the shuffle loop never runs
OUTPUT_RELU = 1 << 2  # ReLU on the output logits before softmax; backward ignores it
DOUBLE_HIDDEN_GRAD = 1 << 3  # hidden gradient accumulated through old and updated weights
EVAL_ON_TRAIN = 1 << 4  # reported accuracy measured on training data (used by the trainer)
GRADIENT_ASCENT = 1 << 5  # w += v: the update climbs the loss
NO_NORMALIZE = 1 << 6  # pixels fed as 0..255 instead of 0..1
UNSTABLE_SOFTMAX = 1 << 7  # softmax without subtracting the max
MOMENTUM_NO_DECAY = 1 << 8  # v = v + lr*g

SCHEDULE_MEAN = 0  # mini-batch: one update with the mean gradient of the batch
SCHEDULE_SEQUENTIAL = 1  # C original: B forwards, then B per-sample updates, layer by layer
