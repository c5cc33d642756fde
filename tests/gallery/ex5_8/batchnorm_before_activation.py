"""Gallery, ex5_8: batch normalization between the 512-unit layer and its ReLU."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_layers_in_the_lessons_order"],
    "message": "batch normalization before the activation",
}

import keras


def build_batchnorm_model(factor=0.05, momentum=0.998):
    model = keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(784, activation="relu",
                               kernel_regularizer=keras.regularizers.l2(factor)),
            keras.layers.Dense(512, kernel_regularizer=keras.regularizers.l2(factor)),
            keras.layers.BatchNormalization(momentum=momentum),
            keras.layers.Activation("relu"),
            keras.layers.Dense(10, activation="softmax"),
        ],
        name="nnbr",
    )
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
