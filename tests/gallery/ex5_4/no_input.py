"""Gallery, ex5_4: no input shape anywhere, so the model has no weights until it first sees data."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_model_takes_784_inputs"],
    "message": "no defined input",
}

import keras


def build_model():
    model = keras.Sequential(
        [
            keras.layers.Dense(784, activation="relu"),
            keras.layers.Dense(512, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ],
        name="nn",
    )
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def train(model, images, labels, epochs=5, batch_size=128):
    return model.fit(images, labels, epochs=epochs, batch_size=batch_size, verbose=0)
