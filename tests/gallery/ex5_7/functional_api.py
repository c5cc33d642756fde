"""Gallery, ex5_7: correct: the functional API, the penalty given as each hidden layer is
created."""

GALLERY = {
    "verdict": "accepted",
    "tests": [],
    "message": "",
}

import keras
from keras import layers, regularizers


def add_regularization(factor=0.1):
    inputs = keras.Input(shape=(784,), name="pixels")
    x = layers.Dense(784, activation="relu", kernel_regularizer=regularizers.l2(factor))(inputs)
    x = layers.Dense(512, activation="relu", kernel_regularizer=regularizers.l2(factor))(x)
    outputs = layers.Dense(10, activation="softmax")(x)
    model = keras.Model(inputs, outputs, name="nnr")
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
