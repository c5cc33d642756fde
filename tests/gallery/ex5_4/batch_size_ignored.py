"""Gallery, ex5_4: train leaves fit's batch size at its default of 32."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_train_honours_epochs_and_batch_size_and_returns_the_history", "test_train_defaults_are_5_epochs_of_batch_128"],
    "message": "steps",
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
    return model.fit(images, labels, epochs=epochs, verbose=0)
