"""Gallery, ex5_7: correct: the hidden layers made in a loop, each given its penalty by
assigning kernel_regularizer before the model builds it (the weights are created with the
penalty attached, so it reaches the loss)."""

GALLERY = {
    "verdict": "accepted",
    "tests": [],
    "message": "",
}

import keras


def add_regularization(factor=0.1):
    hidden = []
    for units in (784, 512):
        layer = keras.layers.Dense(units, activation="relu")
        layer.kernel_regularizer = keras.regularizers.l2(factor)
        hidden.append(layer)
    model = keras.Sequential([keras.Input(shape=(784,)), *hidden,
                              keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
