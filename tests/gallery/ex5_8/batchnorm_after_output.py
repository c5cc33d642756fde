"""Gallery, ex5_8: batch normalization after the softmax layer."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_layers_in_the_lessons_order"],
    "message": "layers in the order",
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
            keras.layers.Dense(10, activation="softmax"),
            keras.layers.BatchNormalization(momentum=momentum),
        ],
        name="nnbr",
    )
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
