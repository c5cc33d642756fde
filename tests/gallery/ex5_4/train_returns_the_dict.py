"""Gallery, ex5_4: train returns history.history, the dict, instead of the History."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_train_honours_epochs_and_batch_size_and_returns_the_history"],
    "message": "the History's .history dict",
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
    history = model.fit(images, labels, epochs=epochs, batch_size=batch_size, verbose=0)
    return history.history
