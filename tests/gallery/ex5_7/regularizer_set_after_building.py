"""Gallery, ex5_7: ex5_4's model, built, then given its penalties by assigning
layer.kernel_regularizer: the configuration names them, but the learner's own model never
adds them to its loss (model.losses stays empty)."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_both_hidden_layers_have_an_l2_kernel_regularizer_of_0_1",
              "test_the_reported_loss_includes_the_penalty"],
    "message": "never reaches the loss",
}

import keras


def build_model():
    model = keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(784, activation="relu"),
            keras.layers.Dense(512, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ],
        name="nn",
    )
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def add_regularization(factor=0.1):
    model = build_model()
    for layer in model.layers[:-1]:
        layer.kernel_regularizer = keras.regularizers.l2(factor)
    return model
