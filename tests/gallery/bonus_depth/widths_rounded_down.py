"""Gallery, bonus_depth: the largest width that stays within the budget, even when the next
one comes closer."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_widths_come_closest_to_the_budget", "test_widths_for_mnist_sized_budgets"],
    "message": "rounded down",
}

import keras

from kata.data import prepared_mnist


def parameter_count(layer_sizes):
    return sum(m * n + n for m, n in zip(layer_sizes[:-1], layer_sizes[1:]))


def build_mlp(layer_sizes):
    inputs, *hidden, outputs = layer_sizes
    model = keras.Sequential(
        [keras.Input(shape=(inputs,))]
        + [keras.layers.Dense(units, activation="relu") for units in hidden]
        + [keras.layers.Dense(outputs, activation="softmax")])
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def widths_for_budget(inputs, outputs, depth, budget):
    def count(width):
        return parameter_count([inputs] + [width] * depth + [outputs])

    width = 1
    while count(width + 1) <= budget:
        width += 1
    # count(width) <= budget < count(width + 1), unless even width 1 is over budget.
    # On a tie the smaller network wins: it stays within the budget.
    return [width] * depth


def compare_depths(budget, depths=(1, 3), train_size=10000, epochs=3, seed=0):
    mnist = prepared_mnist()
    images, labels = mnist.x_train[:train_size], mnist.y_train[:train_size]
    accuracies = {}
    for depth in depths:
        widths = widths_for_budget(784, 10, depth, budget)
        keras.utils.set_random_seed(seed)
        model = build_mlp([784, *widths, 10])
        model.fit(images, labels, epochs=epochs, batch_size=128, verbose=0)
        accuracies[depth] = float(model.evaluate(mnist.x_test, mnist.y_test, verbose=0)[1])
    return accuracies
