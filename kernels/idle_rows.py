"""Deferred momentum steps for first-layer weight rows whose input pixel stayed blank.

A weight row whose pixel is 0 gets no gradient, yet momentum (and weight decay) keep moving
it every step: v' = mu*v + lr*wd*w, w' = w -/+ v'. Those steps are deferred until the row is
next needed (``catch_up``) and then replayed on the row alone, with the very same float32
operations, so the result is bit-for-bit the eager one wherever training is cut into calls.
A row whose velocity has decayed to exactly 0 (no weight decay) costs nothing to replay.
"""

import numpy as np
from numba import njit

from .flags import GRADIENT_ASCENT
from .update import velocity_step

CHECK_EVERY = 16  # replayed steps between checks for a velocity row that reached zero


@njit(nogil=True, cache=True)
def _row_at_rest(v_row):
    return not np.any(v_row)


@njit(nogil=True, cache=True)
def catch_up(w_row, v_row, idle, lr, momentum, weight_decay, flags):
    """Replay ``idle`` zero-gradient momentum steps on one weight row and its velocity."""
    if idle <= 0:
        return
    still = weight_decay == 0  # then v = 0 stays 0 and w stays put
    if still and _row_at_rest(v_row):
        return
    sign = np.float32(1.0) if flags & GRADIENT_ASCENT else np.float32(-1.0)
    zero = np.float32(0.0)
    for step in range(idle):
        for k in range(w_row.shape[0]):
            v = velocity_step(v_row[k], zero, w_row[k], lr, momentum, weight_decay, flags)
            v_row[k] = v
            w_row[k] += sign * v
        if still and step % CHECK_EVERY == CHECK_EVERY - 1 and _row_at_rest(v_row):
            return


@njit(nogil=True, cache=True)
def catch_up_all(w, v, last, tick, lr, momentum, weight_decay, flags):
    """Bring every row up to step ``tick``."""
    for p in range(w.shape[0]):
        catch_up(w[p], v[p], tick - last[p], lr, momentum, weight_decay, flags)
        last[p] = tick


@njit(nogil=True, cache=True, inline="always")
def catch_up_used(w, v, col_start, last, tick, lr, momentum, weight_decay, flags):
    """Bring the rows of the inputs used by a batch (non-empty column lists) up to ``tick``."""
    for p in range(w.shape[0]):
        if col_start[p + 1] > col_start[p]:
            catch_up(w[p], v[p], tick - last[p], lr, momentum, weight_decay, flags)
            last[p] = tick
