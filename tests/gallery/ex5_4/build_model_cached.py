"""Gallery, ex5_4: build_model wrapped in functools.cache, to save building it twice: every
call after the first returns the same model object, with whatever training it has had."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_build_model_builds_a_new_untrained_model_on_every_call"],
    "message": "a model kept from an earlier call",
}

import functools

import keras


@functools.lru_cache(maxsize=None)
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
    return model.fit(images, labels, epochs=epochs, batch_size=batch_size, verbose=0)
