"""Gallery, ex5_7: the penalty on the output layer as well."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_the_output_layer_has_no_regularizer"],
    "message": "the regularizer on the output layer too",
}

import keras


def add_regularization(factor=0.1):
    model = keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(784, activation="relu",
                               kernel_regularizer=keras.regularizers.l2(factor)),
            keras.layers.Dense(512, activation="relu",
                               kernel_regularizer=keras.regularizers.l2(factor)),
            keras.layers.Dense(10, activation="softmax",
                               kernel_regularizer=keras.regularizers.l2(factor)),
        ],
        name="nnr",
    )
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
