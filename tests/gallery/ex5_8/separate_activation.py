"""Gallery, ex5_8: correct: add() calls, ReLU as its own layer before the normalization."""

GALLERY = {
    "verdict": "accepted",
    "tests": [],
    "message": "",
}

import keras


def build_batchnorm_model(factor=0.05, momentum=0.998):
    l2 = keras.regularizers.l2
    model = keras.Sequential(name="nnbr")
    model.add(keras.Input(shape=(784,)))
    model.add(keras.layers.Dense(784, activation="relu", kernel_regularizer=l2(factor)))
    model.add(keras.layers.Dense(512, kernel_regularizer=l2(factor)))
    model.add(keras.layers.ReLU())
    model.add(keras.layers.BatchNormalization(momentum=momentum))
    model.add(keras.layers.Dense(10, activation="softmax"))
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
