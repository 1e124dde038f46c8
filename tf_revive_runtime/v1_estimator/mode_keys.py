"""``tf.estimator.ModeKeys``: the three modes a model_fn is called in (TF 1's strings)."""


class ModeKeys:
    TRAIN = "train"
    EVAL = "eval"
    PREDICT = "infer"
