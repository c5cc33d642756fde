"""Gallery, ex5_4: correct: the functional API, and every model built is kept in a list (to
compare them later), but each call builds a new one."""

GALLERY = {
    "verdict": "accepted",
    "tests": [],
    "message": "",
}

import keras
from keras import layers

BUILT = []


def build_model():
    pixels = keras.Input(shape=(784,))
    hidden = layers.Dense(784, activation="relu")(pixels)
    hidden = layers.Dense(512, activation="relu")(hidden)
    digits = layers.Dense(10, activation="softmax")(hidden)
    model = keras.Model(inputs=pixels, outputs=digits, name="nn")
    model.compile(optimizer=keras.optimizers.RMSprop(), loss="categorical_crossentropy",
                  metrics=["accuracy"])
    BUILT.append(model)
    return model


def train(model, images, labels, epochs=5, batch_size=128):
    return model.fit(images, labels, epochs=epochs, batch_size=batch_size, verbose=0)
