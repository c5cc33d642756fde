"""Gallery, ex5_4: build_model returns a new object each time, but after the first call a
copy of the last model it built, weights included: the copy carries that model's training."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_build_model_builds_a_new_untrained_model_on_every_call"],
    "message": "a copy of the model built before, with its training",
}

import keras

_built = []


def build_model():
    if _built:
        model = keras.models.clone_model(_built[-1])
        model.set_weights(_built[-1].get_weights())
    else:
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
    _built.append(model)
    return model


def train(model, images, labels, epochs=5, batch_size=128):
    return model.fit(images, labels, epochs=epochs, batch_size=batch_size, verbose=0)
