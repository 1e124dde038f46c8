"""The configurations of the `optimizers` program (seed 002), one table for both twins.

name -> (tf.compat.v1.train optimizer, its keyword arguments). legacy/optimizers.py builds
the TF1 class from each row; modern/optimizers.py builds the Keras optimizer through
migrate.tables.optimizers.keras_optimizer from the same row.
"""

# The problem: A starts near 0 and must reach 10 in 100 single-sample steps; the loss
# (x*A - 10)^2 has curvature 2x^2 ~ 2 in A and a gradient of ~ -20 at the start; each
# sample pulls A towards its own 10/x, which scatters by ~1 around 10.
CONFIGS = {
    # The tutorial's rate: the distance to 10 shrinks by 1 - 2*0.02 = 0.96 per step,
    # within 1 of 10 after ~55 steps.
    "gradient_descent": ("GradientDescentOptimizer", {"learning_rate": 0.02}),
    # Seed 002's table, small rate (a quarter): slow, 100 steps leave A near 6.5, but
    # each sample's noise moves A ten times less per step.
    "small_rate": ("GradientDescentOptimizer", {"learning_rate": 0.005}),
    # Seed 002's table, large rate (ten times): within 1 of 10 in ~5 steps, then A
    # chases every sample's 10/x and jitters by ~0.4 per step: fast, less accurate.
    # (Stable only below 1/curvature = 0.5.)
    "large_rate": ("GradientDescentOptimizer", {"learning_rate": 0.2}),
    # Momentum 0.5 at the tutorial's rate: steps add up to 1/(1 - 0.5) = 2 times the
    # plain step, within 1 of 10 after ~28 steps instead of ~55.
    "momentum": ("MomentumOptimizer", {"learning_rate": 0.02, "momentum": 0.5}),
    # Adagrad divides by the root of the summed squared gradients (~20 at the first
    # step), so its first step is about learning_rate and later ones shrink like
    # 1/sqrt(step): 2.0 gets within 1 of 10 in ~16 steps.
    "adagrad": ("AdagradOptimizer", {"learning_rate": 2.0}),
    # Adadelta needs no rate (learning_rate=1.0, as in the paper), but its first step is
    # sqrt(epsilon/(1 - rho)) ~ 4.5*sqrt(epsilon) whatever the gradient: with the TF1
    # default epsilon=1e-8 A moves ~5e-4 per step and is still near 0 after 100 steps.
    # epsilon=0.01 starts it at ~0.45 per step: within 1 of 10 in ~40 steps.
    "adadelta": ("AdadeltaOptimizer", {"learning_rate": 1.0, "rho": 0.95, "epsilon": 0.01}),
}
# AdamOptimizer is left out: TF1 forms beta^t as a running float32 product, Keras as
# pow(), and 1 - beta2^t magnifies their 1-ulp difference ~300x, so over 100 steps at a
# useful rate the two drift apart by ~1e-4 in the loss: beyond float32 tolerance, so not
# "the same arithmetic" (see the Adam row of migrate/tables/optimizers.py).
# RMSPropOptimizer is left out: no Keras optimizer does its arithmetic (TF1 starts the
# mean square at ones, Keras at zeros; see migrate/tables/optimizers.py).
