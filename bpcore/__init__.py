"""bpcore: chapter 2 of *Neural Networks and Deep Learning*, computed and checked.

The numbers (this package's top level) need only numpy; pictures live in
``bpcore.plotting`` (matplotlib) and explorers in ``bpcore.widgets`` (ipywidgets).

>>> import bpcore as bp
>>> net = bp.Network([2, 3, 2], seed=0)
>>> g = bp.backprop(net, [[0.5], [-1.0]], [[1.0], [0.0]])
>>> [d.shape for d in g.deltas]
[(3, 1), (2, 1)]
"""

from bpcore.activations import Activation, custom, get_activation, per_neuron
from bpcore.backprop import ForwardPass, Gradients, NetworkLike, backprop, forward
from bpcore.chain import Chain, chain, chain_gradient
from bpcore.costs import Cost, get_cost
from bpcore.data import load_digits, two_blobs, xor_data
from bpcore.equations import (
    bp1_output_error,
    bp1_sigma_form,
    bp2_hidden_error,
    bp2_sigma_form,
    bp3_bias_gradient,
    bp4_weight_gradient,
    delta_expanded,
    sigma_prime_matrix,
)
from bpcore.gradcheck import gradient_check, numerical_gradient
from bpcore.io import load, save
from bpcore.matrices import as_matrices
from bpcore.mnist import load_mnist
from bpcore.network import Network
from bpcore.nudge import Nudge, NudgeExplorer, Nudger, nudge
from bpcore.paths import Path, Paths, paths
from bpcore.train import SGD, History, evaluate

__all__ = [
    "SGD",
    "Activation",
    "Chain",
    "Cost",
    "ForwardPass",
    "Gradients",
    "History",
    "Network",
    "NetworkLike",
    "Nudge",
    "NudgeExplorer",
    "Nudger",
    "Path",
    "Paths",
    "as_matrices",
    "backprop",
    "bp1_output_error",
    "bp1_sigma_form",
    "bp2_hidden_error",
    "bp2_sigma_form",
    "bp3_bias_gradient",
    "bp4_weight_gradient",
    "chain",
    "chain_gradient",
    "custom",
    "delta_expanded",
    "evaluate",
    "forward",
    "get_activation",
    "get_cost",
    "gradient_check",
    "load",
    "load_digits",
    "load_mnist",
    "numerical_gradient",
    "nudge",
    "paths",
    "per_neuron",
    "save",
    "sigma_prime_matrix",
    "two_blobs",
    "xor_data",
]
