"""Gallery, ex5_7: correct: L1L2(l2=factor) objects, input_shape, no name."""

GALLERY = {
    "verdict": "accepted",
    "tests": [],
    "message": "",
}

import keras


def add_regularization(factor=0.1):
    model = keras.Sequential(
        [
            keras.layers.Dense(784, activation="relu", input_shape=(784,),
                               kernel_regularizer=keras.regularizers.L1L2(l2=factor)),
            keras.layers.Dense(512, activation="relu",
                               kernel_regularizer=keras.regularizers.L2(factor)),
            keras.layers.Dense(10, activation="softmax"),
        ],
    )
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
