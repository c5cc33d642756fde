"""Gallery, bonus_depth: the study always trains for 3 epochs, whatever `epochs` says."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_the_study_honours_its_arguments"],
    "message": "of the judge's rerun of the same study",
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
    if abs(count(width + 1) - budget) < abs(count(width) - budget):
        width += 1
    return [width] * depth


def compare_depths(budget, depths=(1, 3), train_size=10000, epochs=3, seed=0):
    mnist = prepared_mnist()
    images, labels = mnist.x_train[:train_size], mnist.y_train[:train_size]
    accuracies = {}
    for depth in depths:
        widths = widths_for_budget(784, 10, depth, budget)
        keras.utils.set_random_seed(seed)
        model = build_mlp([784, *widths, 10])
        model.fit(images, labels, epochs=3, batch_size=128, verbose=0)
        accuracies[depth] = float(model.evaluate(mnist.x_test, mnist.y_test, verbose=0)[1])
    return accuracies
