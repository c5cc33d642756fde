"""Gallery, ex5_4: train assigns an L2 penalty to the given model's built layers before
fitting, meaning to regularize it: the model trains without it (the penalty never reaches the
loss), while its configuration now names it."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_train_defaults_are_5_epochs_of_batch_128",
              "test_train_honours_epochs_and_batch_size_and_returns_the_history"],
    "message": "never reaches the loss",
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
    for layer in model.layers[:-1]:
        layer.kernel_regularizer = keras.regularizers.l2(0.001)
    return model.fit(images, labels, epochs=epochs, batch_size=batch_size, verbose=0)
