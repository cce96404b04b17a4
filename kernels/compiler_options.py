"""LLVM options for compiling the kernels: loop-strength reduction off; some modules at a lower
optimisation level.

numba hands every kernel to LLVM, and LLVM's loop-strength-reduction pass (part of code
generation, at every optimisation level) goes super-linear on the CNN's passes once im2col,
pooling and the dense layers are inlined into one function. Measured on a 2-core machine with
an empty cache: it took 37 of the 57 s LLVM spent on ``cnn_inference.forward_probs`` alone, and
the CNN's kernels cost 302 CPU-s to compile with it against 75 without it. The kernels run as
fast without it (3 CNN epochs on the bundled digits 3.70 vs 3.98 CPU-s, 3 MLP epochs 0.32 vs
0.35), so it is turned off for this process before any kernel compiles
(``benchmarks/compile_cost.py`` measures both).

:data:`LEVELS` names the kernel modules that LLVM optimises at a lower level than numba's
(``NUMBA_OPT``, 3 by default). numba has no per-function level and its cache does not record the
level, so a listener on numba's compile events sets it for each kernel as it compiles, whichever
process compiles it first: a kernel of a module in :data:`LEVELS` at that level (with everything
inlined or linked into it), any other kernel at the process's level. A level below 1 is taken
as 1: at level 0 numba cannot cache a kernel that calls another (the callee's address stays in
the code as a dynamic global), so it would compile again at every start. Each module in
:data:`LEVELS` starts the listener when it is imported (:func:`apply_levels`), before any of its
kernels can compile; the package's import does not, as it would import numba (the window opens
without it).
"""

import llvmlite.binding as llvm

OPTIONS = ("-disable-lsr",)
# the CNN's forward and backward passes and its training kernels (a training range, a step) at
# level 1: as fast as at 3 (README, "The first compile"), about 8 CPU s less to compile; not its
# inference kernels (probabilities, gradients, Fisher), which were slower at 1
LEVELS: dict[str, int] = {"mugui_kernels.cnn": 1, "mugui_kernels.cnn_train": 1}
MIN_LEVEL = 1  # the lowest level a listed module gets: at 0 its kernels could not be cached
_LISTENING: list[object] = []  # the listener, once started


def apply() -> None:
    """Set :data:`OPTIONS` for this process's LLVM (harmless when repeated)."""
    for option in OPTIONS:
        llvm.set_option("mugui_kernels", option)


def apply_levels() -> None:
    """From now on compile each kernel at its module's level in :data:`LEVELS`, any other at the
    process's (harmless when repeated)."""
    if _LISTENING:
        return
    from numba.core import config, event

    default = config.OPT  # type: ignore[attr-defined]  # numba sets it at run time
    saved: list[object] = []

    class LevelByModule(event.Listener):
        def on_start(self, ev: event.Event) -> None:
            config.reload_config()  # a changed NUMBA_* variable would reset the level mid-compile
            module = getattr(ev.data["dispatcher"].py_func, "__module__", "")
            saved.append(config.OPT)  # type: ignore[attr-defined]
            level = LEVELS.get(module)
            opt = default if level is None else config._OptLevel(max(level, MIN_LEVEL))
            config.OPT = opt  # type: ignore[attr-defined]

        def on_end(self, ev: event.Event) -> None:
            config.OPT = saved.pop()  # type: ignore[attr-defined]

    _LISTENING.append(LevelByModule())
    event.register("numba:compile", _LISTENING[0])
