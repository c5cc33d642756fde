"""Gallery, ex5_7: only the 784-unit layer regularized."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_both_hidden_layers_have_an_l2_kernel_regularizer_of_0_1"],
    "message": "no kernel regularizer",
}

import keras


def add_regularization(factor=0.1):
    model = keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(784, activation="relu",
                               kernel_regularizer=keras.regularizers.l2(factor)),
            keras.layers.Dense(512, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ],
        name="nnr",
    )
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
