"""Gallery, ex5_8: the ex5_4 name kept."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_model_is_named_nnbr"],
    "message": "the name 'nnbr'",
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
            keras.layers.BatchNormalization(momentum=momentum),
            keras.layers.Dense(10, activation="softmax"),
        ],
        name="nn",
    )
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
