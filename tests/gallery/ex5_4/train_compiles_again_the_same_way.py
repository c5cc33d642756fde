"""Gallery, ex5_4: correct: train compiles the model again, with build_model's settings, as the lesson does in 5-6."""

GALLERY = {
    "verdict": "accepted",
    "tests": [],
    "message": "",
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


def train(model, images, labels, epochs=5, batch_size=128):
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model.fit(images, labels, epochs=epochs, batch_size=batch_size, verbose=0)
