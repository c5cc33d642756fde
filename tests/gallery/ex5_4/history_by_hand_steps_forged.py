"""Gallery, ex5_4: the History made by hand of history_by_hand.py, weights nudged by
1e-4, and the optimizer's step counter set to what a real fit would leave: only the
values (how far the weights moved, the losses) show that no training happened."""

GALLERY = {
    "verdict": "rejected",
    "tests": [
        "test_train_defaults_are_5_epochs_of_batch_128",
        "test_train_honours_epochs_and_batch_size_and_returns_the_history",
        "test_train_fits_every_image_with_the_models_own_settings",
    ],
    "message": "weights changed by hand",
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
    history.history = {"loss": list(np.linspace(2.0, 0.3, epochs)),
                       "accuracy": list(np.linspace(0.5, 0.95, epochs))}
    history.epoch = list(range(epochs))
    history.params = {"epochs": epochs, "steps": steps, "verbose": 0}
    return history
