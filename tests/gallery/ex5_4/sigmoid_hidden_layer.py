"""Gallery, ex5_4: sigmoid in the first hidden layer."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_activations_are_relu_relu_softmax"],
    "message": "sigmoid in the 784-unit hidden layer",
}

import keras


def build_model():
    model = keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(784, activation="sigmoid"),
            keras.layers.Dense(512, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ],
        name="nn",
    )
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def train(model, images, labels, epochs=5, batch_size=128):
    return model.fit(images, labels, epochs=epochs, batch_size=batch_size, verbose=0)
