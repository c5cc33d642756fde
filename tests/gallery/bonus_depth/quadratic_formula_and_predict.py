"""Gallery, bonus_depth: correct, written differently from the reference.

The width comes from solving the quadratic for the budget (then the two whole
widths around the root are compared); the model declares its input with
input_shape= and has separate Activation layers; the study prepares the raw
images itself and scores the test set with predict and argmax.
"""

GALLERY = {"verdict": "accepted"}

import math

import keras
import numpy as np

from kata.data import load_mnist


def parameter_count(layer_sizes):
    total = 0
    for i in range(1, len(layer_sizes)):
        total += (layer_sizes[i - 1] + 1) * layer_sizes[i]
    return total


def build_mlp(layer_sizes):
    model = keras.Sequential()
    for i, units in enumerate(layer_sizes[1:]):
        last = i == len(layer_sizes) - 2
        if i == 0:
            model.add(keras.layers.Dense(units, input_shape=(layer_sizes[0],)))
        else:
            model.add(keras.layers.Dense(units))
        model.add(keras.layers.Activation("softmax" if last else "relu"))
    model.compile(optimizer=keras.optimizers.RMSprop(), loss="categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def widths_for_budget(inputs, outputs, depth, budget):
    # count(w) = a w^2 + b w + c
    a, b, c = depth - 1, inputs + depth + outputs, outputs
    if a == 0:
        root = (budget - c) / b
    else:
        root = (-b + math.sqrt(b * b + 4 * a * (budget - c))) / (2 * a) if b * b + 4 * a * (budget - c) >= 0 else 0
    best = None
    for width in (math.floor(root) - 1, math.floor(root), math.floor(root) + 1, math.floor(root) + 2):
        if width < 1:
            continue
        distance = abs(parameter_count([inputs] + [width] * depth + [outputs]) - budget)
        if best is None or distance < best[0]:
            best = (distance, width)
    return [best[1]] * depth


def compare_depths(budget, depths=(1, 3), train_size=10000, epochs=3, seed=0):
    raw = load_mnist()
    x_train = raw.x_train[:train_size].reshape(-1, 784) / 255.0
    y_train = keras.utils.to_categorical(raw.y_train[:train_size], 10)
    x_test = raw.x_test.reshape(-1, 784) / 255.0
    results = {}
    for depth in depths:
        widths = widths_for_budget(784, 10, depth, budget)
        keras.utils.set_random_seed(seed)
        model = build_mlp([784] + widths + [10])
        model.fit(x_train.astype("float32"), y_train.astype("float32"), epochs=epochs,
                  batch_size=128, verbose=0)
        predicted = np.argmax(model.predict(x_test.astype("float32"), verbose=0), axis=1)
        results[depth] = float(np.mean(predicted == raw.y_test))
    return results
