"""Gallery, ex5_4: train warms the model up with one epoch in small batches, then fits
as asked and returns only that History: 'only the real run counts', but the model
trained for more steps than its History says."""

GALLERY = {
    "verdict": "rejected",
    "tests": [
        "test_train_defaults_are_5_epochs_of_batch_128",
        "test_train_honours_epochs_and_batch_size_and_returns_the_history",
        "test_train_fits_every_image_with_the_models_own_settings",
    ],
    "message": "a model trained for the History's",
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
    model.fit(images, labels, epochs=1, batch_size=32, verbose=0)  # warm-up
    return model.fit(images, labels, epochs=epochs, batch_size=batch_size, verbose=0)
