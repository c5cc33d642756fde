"""Gallery, ex5_8: ex5_7's factor of 0.1 hard-coded."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_l2_of_0_05_on_both_hidden_layers_only", "test_factor_is_honoured"],
    "message": "factor ignored",
}

import keras


def build_batchnorm_model(factor=0.05, momentum=0.998):
    model = keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(784, activation="relu",
                               kernel_regularizer=keras.regularizers.l2(0.1)),
            keras.layers.Dense(512, activation="relu",
                               kernel_regularizer=keras.regularizers.l2(0.1)),
            keras.layers.BatchNormalization(momentum=momentum),
            keras.layers.Dense(10, activation="softmax"),
        ],
        name="nnbr",
    )
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
