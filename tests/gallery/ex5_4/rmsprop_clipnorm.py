"""Gallery, ex5_4: RMSprop with gradient clipping (clipnorm=1.0)."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_optimizer_is_rmsprop_at_its_defaults"],
    "message": "clipnorm=1.0",
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
    model.compile(optimizer=keras.optimizers.RMSprop(clipnorm=1.0), loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def train(model, images, labels, epochs=5, batch_size=128):
    return model.fit(images, labels, epochs=epochs, batch_size=batch_size, verbose=0)
