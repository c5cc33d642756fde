"""Gallery, ex5_7: activity_regularizer, which penalises outputs, on the first layer."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_the_penalty_is_on_the_weights_not_the_outputs_or_biases"],
    "message": "activity_regularizer where kernel_regularizer belongs",
}

import keras


def add_regularization(factor=0.1):
    model = keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(784, activation="relu",
                               activity_regularizer=keras.regularizers.l2(factor)),
            keras.layers.Dense(512, activation="relu",
                               kernel_regularizer=keras.regularizers.l2(factor)),
            keras.layers.Dense(10, activation="softmax"),
        ],
        name="nnr",
    )
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
