"""nn: neural-network layers, losses, optimizers and data utilities built on autograd_core."""
