"""Gallery, ex5_7: the lesson's 0.1 hard-coded."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_factor_is_honoured"],
    "message": "factor ignored",
}

import keras


def add_regularization(factor=0.1):
    model = keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(784, activation="relu",
                               kernel_regularizer=keras.regularizers.l2(0.1)),
            keras.layers.Dense(512, activation="relu",
                               kernel_regularizer=keras.regularizers.l2(0.1)),
            keras.layers.Dense(10, activation="softmax"),
        ],
        name="nnr",
    )
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
