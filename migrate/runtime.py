"""The runtime package that converted files import, named once.

Where TF 2 removed a module and no public package replaces it (the MNIST tutorial reader,
tf.layers under Keras 3, TF 1's self-parsing flags...), the converted code imports it from
this package.  It ships in the same wheel as `migrate` but is a top-level package of its own
whose name no other published project uses: `migrate` is also the import name of unrelated
packages (a database migration tool, sqlalchemy-migrate), and a converted script must never
import the wrong one.  The runtime imports nothing of `migrate`.
"""
RUNTIME_PACKAGE = "tf_revive_runtime"
