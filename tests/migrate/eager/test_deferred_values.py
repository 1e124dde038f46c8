"""`.numpy()` where a run's value is read, not every step (migrate/eager/deferred_values.py)."""
import textwrap

from migrate.eager.deferred_values import deferred


def moved(code, functions=("train_step",)):
    return deferred(textwrap.dedent(code), set(functions))


def test_a_value_printed_every_n_steps_is_converted_inside_the_if():
    assert moved("""
    for step in range(100):
        l = train_step(X, Y).numpy()
        if step % 20 == 0:
            print("step", step, "loss", l)
    """) == textwrap.dedent("""
    for step in range(100):
        l = train_step(X, Y)
        if step % 20 == 0:
            print("step", step, "loss", l.numpy())
    """)


def test_every_read_is_converted():
    out = moved("""
    for step in range(100):
        l = train_step(X, Y).numpy()
        if step % 20 == 0:
            print(l)
            losses.append(l)
    """)
    assert "l = train_step(X, Y)\n" in out and out.count("l.numpy()") == 2


UNCHANGED = {
    "read every step": """
    for step in range(100):
        l = train_step(X, Y).numpy()
        total += l
    """,
    "read in the if's test": """
    for step in range(100):
        l = train_step(X, Y).numpy()
        if l < 0.1:
            break
    """,
    "read after the loop": """
    for step in range(100):
        l = train_step(X, Y).numpy()
        if step % 20 == 0:
            print(l)
    print(l)
    """,
    "bound twice": """
    l = 0
    for step in range(100):
        l = train_step(X, Y).numpy()
        if step % 20 == 0:
            print(l)
    """,
    "assigned into": """
    for step in range(100):
        l = train_step(X, Y).numpy()
        if step % 20 == 0:
            l[0] = 1
    """,
    "not in a loop": """
    l = train_step(X, Y).numpy()
    if verbose:
        print(l)
    """,
    "another function (a plain Python one, which may give a variable)": """
    for step in range(100):
        l = compute_w(X).numpy()
        if step % 20 == 0:
            print(l)
    """,
}


def test_other_uses_keep_the_conversion_at_the_call():
    for why, code in UNCHANGED.items():
        assert moved(code) == textwrap.dedent(code), why


def test_a_value_converted_inside_the_if_stays_so():
    code = """
    for step in range(100):
        if step % 20 == 0:
            acc = train_step(X, Y).numpy()
            print(acc)
    """
    assert moved(code) == textwrap.dedent(code)
