"""Gallery, ex5_4: train holds out 10% of its images for validation."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_train_fits_every_image_with_the_models_own_settings"],
    "message": "a validation split",
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
    return model.fit(images, labels, epochs=epochs, batch_size=batch_size, validation_split=0.1,
                     verbose=0)
