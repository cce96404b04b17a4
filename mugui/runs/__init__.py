"""Runs: the unlearning pipeline as cancellable generators of events, for the CLI and the window.

``unlearn.unlearn_events`` makes a model forget, ``verify.verify_events`` measures it against
retrain references, ``relearn.relearn_events`` races the unlearned model and a reference back to
the forget set. Each yields ``events.RunProgress`` (and live points) and ends with
``events.RunDone``; a stop through the ``RunControl`` raises ``Cancelled`` and changes nothing.
The layers point one way: kernels → engine (data, training, unlearning, verification) → runs →
cli and gui.
"""
