"""Gallery, ex5_4: categorical cross-entropy with label smoothing."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_loss_is_categorical_crossentropy"],
    "message": "label smoothing",
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
    model.compile(optimizer="rmsprop", loss=keras.losses.CategoricalCrossentropy(label_smoothing=0.1), metrics=["accuracy"])
    return model


def train(model, images, labels, epochs=5, batch_size=128):
    return model.fit(images, labels, epochs=epochs, batch_size=batch_size, verbose=0)
