"""Hand-kept facts the installed TensorFlow cannot tell (TF 0.x names, argument orders...)."""

# keyword renames the generator accepts when a v1 signature has OLD, v2 lost it and has NEW
KEYWORD_VOCABULARY = (
    ("reduction_indices", "axis"),
    ("keep_dims", "keepdims"),
    ("dim", "axis"),
    ("dimension", "axis"),
    ("squeeze_dims", "axis"),
    ("concat_dim", "axis"),
    ("split_dim", "axis"),
)
