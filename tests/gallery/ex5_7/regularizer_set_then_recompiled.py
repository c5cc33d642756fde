"""Gallery, ex5_7: the penalties assigned to the built layers by name, then the model
compiled again in the hope that compile picks them up: it does not, the loss stays plain
cross-entropy."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_both_hidden_layers_have_an_l2_kernel_regularizer_of_0_1",
              "test_factor_is_honoured"],
    "message": "never reaches the loss",
}

import keras


def add_regularization(factor=0.1):
    model = keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(784, activation="relu", name="hidden_1"),
            keras.layers.Dense(512, activation="relu", name="hidden_2"),
            keras.layers.Dense(10, activation="softmax", name="output"),
        ],
        name="nnr",
    )
    for name in ("hidden_1", "hidden_2"):
        setattr(model.get_layer(name), "kernel_regularizer", keras.regularizers.L2(factor))
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
