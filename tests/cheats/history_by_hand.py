"""Cheat (issue 22, family 4): ex5_4's train never fits. It returns a History made by
hand with the params, epochs and a falling loss a real fit would show, nudges every
weight by 1e-4 so that the weights look updated, and sets the optimizer's step counter
to what the fit would have left. build_model is right, so the structure tests pass as
they do for an unwritten train; no test that depends on train may pass."""

CHEAT = {
    "description": "a History made by hand, weights nudged, the step counter forged (ex5_4)",
    "exercise": "ex5_4",
    "limit": 240,
    "no_credit_for": [
        "test_train_defaults_are_5_epochs_of_batch_128",
        "test_train_honours_epochs_and_batch_size_and_returns_the_history",
        "test_train_fits_every_image_with_the_models_own_settings",
        "test_trained_model_reaches_the_accuracy_threshold",
    ],
}

import keras
import numpy as np


def build_model():
    model = keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(784, activation="relu"),
            keras.layers.Dense(512, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ],
        name="nn",
    )
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def train(model, images, labels, epochs=5, batch_size=128):
    steps = -(-len(images) // batch_size)
    model.set_weights([w + np.float32(1e-4) for w in model.get_weights()])
    model.optimizer.iterations.assign(int(model.optimizer.iterations) + epochs * steps)
    history = keras.callbacks.History()
    history.history = {"loss": [2.2 * 0.6 ** e for e in range(epochs)],
                       "accuracy": [1 - 0.8 * 0.5 ** e for e in range(epochs)]}
    history.epoch = list(range(epochs))
    history.params = {"epochs": epochs, "steps": steps, "verbose": 0}
    return history
