"""Gallery, ex5_8: the network built without penalties, then a BatchNormalization layer
added and the L2 penalties assigned to the built hidden layers: the configuration names them,
but the learner's own model never adds them to its loss."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_l2_of_0_05_on_both_hidden_layers_only",
              "test_the_reported_loss_includes_the_penalty"],
    "message": "never reaches the loss",
}

import keras


def build_batchnorm_model(factor=0.05, momentum=0.998):
    model = keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(784, activation="relu"),
            keras.layers.Dense(512, activation="relu"),
        ],
        name="nnbr",
    )
    model.add(keras.layers.BatchNormalization(momentum=momentum))
    model.add(keras.layers.Dense(10, activation="softmax"))
    for layer in model.layers:
        if isinstance(layer, keras.layers.Dense) and layer.units != 10:
            layer.kernel_regularizer = keras.regularizers.l2(factor)
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
