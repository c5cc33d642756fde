"""Gallery, ex5_8: the lesson's 0.998 hard-coded."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_momentum_is_honoured"],
    "message": "momentum 0.9",
}

import keras


def build_batchnorm_model(factor=0.05, momentum=0.998):
    model = keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(784, activation="relu",
                               kernel_regularizer=keras.regularizers.l2(factor)),
            keras.layers.Dense(512, activation="relu",
                               kernel_regularizer=keras.regularizers.l2(factor)),
            keras.layers.BatchNormalization(momentum=0.998),
            keras.layers.Dense(10, activation="softmax"),
        ],
        name="nnbr",
    )
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
