"""Figure of mnist_softmax_formula: average cost per epoch."""
from twins.figures._mnist_cost import draw_cost


def draw(results):
    return draw_cost(results, "MNIST softmax regression, hand-derived gradient formula")
