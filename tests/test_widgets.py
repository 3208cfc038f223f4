"""What every explorer keeps, checked on all of them (each has its own test_widget_*.py)."""

import pytest

import bpcore.widgets as widgets
from bpcore.widgets.base import Action, Choice, Explorer, Slider

EXPLORERS = [getattr(widgets, name) for name in widgets.__all__]


def test_every_explorer_is_exported_and_built_on_the_base():
    assert len(EXPLORERS) == 10
    assert all(issubclass(make, Explorer) for make in EXPLORERS)


@pytest.mark.parametrize("make", EXPLORERS, ids=lambda m: m.__name__)
def test_an_explorer_shows_its_picture_where_no_kernel_runs(make):
    widget = make()
    data, _ = widget._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    assert data["image/svg+xml"] == widget.svg and widget.svg.startswith("<svg")
    assert data["text/plain"].startswith(make.__name__)
    assert widget.error == "" and widget.title


@pytest.mark.parametrize("make", EXPLORERS, ids=lambda m: m.__name__)
def test_an_explorer_refuses_an_unknown_control_and_keeps_its_state(make):
    widget = make()
    before = (dict(widget.values), widget.svg, widget.readout_html)
    widget.set(no_such_control=1)
    assert widget.error.startswith("ValueError: no_such_control: not a control of")
    assert (dict(widget.values), widget.svg, widget.readout_html) == before


@pytest.mark.parametrize("make", EXPLORERS, ids=lambda m: m.__name__)
def test_every_control_can_be_driven_from_python(make):
    """Each slider to its other end and each choice to another option: the state changes
    (or, where the mathematics refuses, a message and nothing changed)."""
    widget = make()
    for name, control in widget._controls.items():
        if isinstance(control, Action):
            continue
        before = dict(widget.values)
        if isinstance(control, Slider):
            value = control.high if widget.values.get(name) != control.high else control.low
            value = int(value) if control.integer else value
        else:
            assert isinstance(control, Choice)
            options = widget.choices(widget.values).get(name) or control.options
            others = [v for _, v in options if v != widget.values.get(name)]
            if not others:
                continue
            value = others[0]
        widget.set(**{name: value})
        if widget.error:
            assert dict(widget.values) == before, (name, widget.error)
        else:
            assert widget.values[name] == value, name
