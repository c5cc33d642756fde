"""Gallery, ex5_7: keras.regularizers.l1 instead of l2."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_both_hidden_layers_have_an_l2_kernel_regularizer_of_0_1"],
    "message": "an L1 penalty",
}

import keras


def add_regularization(factor=0.1):
    model = keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(784, activation="relu",
                               kernel_regularizer=keras.regularizers.l1(factor)),
            keras.layers.Dense(512, activation="relu",
                               kernel_regularizer=keras.regularizers.l1(factor)),
            keras.layers.Dense(10, activation="softmax"),
        ],
        name="nnr",
    )
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
