"""An ipywidgets slider over the steps of a backward pass (optional: needs ipywidgets)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from autograd_core.viz.render import GraphvizNotFoundError

if TYPE_CHECKING:
    from autograd_core.viz.stepper import BackwardStepper


def step_slider(stepper: BackwardStepper, **draw_options: Any) -> Any:
    """A play button and a slider over the stepper's steps, the drawing, and the current step.

    Moving the slider past the steps taken drives the engine (``stepper.step()``); moving it
    back redraws a recorded state. The drawing is embedded as SVG.

    Raises
    ------
    ImportError
        If ipywidgets is not installed, saying how to install it.
    """
    try:
        import ipywidgets as widgets
    except ImportError:
        raise ImportError(
            "BackwardStepper.slider needs ipywidgets: `pip install ipywidgets`. Without it, call "
            "stepper.step() and stepper.draw() in turn, or print(stepper.table())."
        ) from None

    last = stepper.expected_steps
    play = widgets.Play(value=len(stepper.history), min=0, max=last, step=1, interval=900, description="play")
    slider = widgets.IntSlider(value=len(stepper.history), min=0, max=last, step=1, description="step")
    widgets.jslink((play, "value"), (slider, "value"))
    picture = widgets.HTML()
    details = widgets.HTML()

    def show(_change: Any = None) -> None:
        wanted = slider.value
        while len(stepper.history) < wanted and not stepper.finished:
            stepper.step()
        if len(stepper.history) < wanted:  # the pass ended sooner than expected
            slider.max = play.max = len(stepper.history)
            return  # lowering max moves the value, which calls show again
        picture.value = _svg_or_source(stepper.draw(step=wanted, **draw_options))
        if wanted == 0:
            details.value = "<pre>before the first step: the output's gradient is seeded with 1</pre>"
        else:
            details.value = f"<pre>{html.escape(stepper.history[wanted - 1].describe())}</pre>"

    slider.observe(show, names="value")
    show()
    return widgets.VBox([widgets.HBox([play, slider]), details, picture])


def _svg_or_source(drawing: Any) -> str:
    try:
        svg = drawing.pipe(format="svg", encoding="utf-8")
    except GraphvizNotFoundError as error:
        return f"<pre>{html.escape(str(error))}\n\n{html.escape(drawing.source)}</pre>"
    return svg[svg.find("<svg") :]  # drop the XML prologue, which does not belong inside HTML
