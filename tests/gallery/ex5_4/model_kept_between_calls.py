"""Gallery, ex5_4: build_model keeps the model it built in a global and returns it again on
every later call, trained by then: the next experiment starts where the last one ended."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_build_model_builds_a_new_untrained_model_on_every_call"],
    "message": "a model kept from an earlier call",
}

import keras

_model = None


def build_model():
    global _model
    if _model is None:
        _model = keras.Sequential(
            [
                keras.Input(shape=(784,)),
                keras.layers.Dense(784, activation="relu"),
                keras.layers.Dense(512, activation="relu"),
                keras.layers.Dense(10, activation="softmax"),
            ],
            name="nn",
        )
        _model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return _model


def train(model, images, labels, epochs=5, batch_size=128):
    return model.fit(images, labels, epochs=epochs, batch_size=batch_size, verbose=0)
