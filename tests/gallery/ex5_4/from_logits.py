"""Gallery, ex5_4: categorical cross-entropy told that the softmax outputs are logits."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_loss_is_categorical_crossentropy"],
    "message": "from_logits=True",
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
    model.compile(optimizer="rmsprop", loss=keras.losses.CategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    return model


def train(model, images, labels, epochs=5, batch_size=128):
    return model.fit(images, labels, epochs=epochs, batch_size=batch_size, verbose=0)
