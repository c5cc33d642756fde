"""Gallery, ex5_4: the well-known two-layer MNIST network, without the 784-unit layer."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_three_dense_layers_of_784_512_and_10_units"],
    "message": "classic two-layer network",
}

import keras


def build_model():
    model = keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(512, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ],
        name="nn",
    )
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def train(model, images, labels, epochs=5, batch_size=128):
    return model.fit(images, labels, epochs=epochs, batch_size=batch_size, verbose=0)
