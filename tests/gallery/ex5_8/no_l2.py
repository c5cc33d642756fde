"""Gallery, ex5_8: batch normalization alone, the L2 penalties dropped."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_l2_of_0_05_on_both_hidden_layers_only"],
    "message": "no kernel regularizer",
}

import keras


def build_batchnorm_model(factor=0.05, momentum=0.998):
    model = keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(784, activation="relu"),
            keras.layers.Dense(512, activation="relu"),
            keras.layers.BatchNormalization(momentum=momentum),
            keras.layers.Dense(10, activation="softmax"),
        ],
        name="nnbr",
    )
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
