"""Gallery, ex5_4, a correct variant: train fits one epoch per call (initial_epoch
keeps the count) and returns the last call's History with every epoch's values
gathered into it. The model trains exactly as one fit would, and the History records
that run: its params (epochs, steps) and every epoch's loss and accuracy. Accepted on
purpose: the tests judge the record against the model, not which call produced it."""

GALLERY = {"verdict": "accepted"}

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
    gathered = {}
    for epoch in range(epochs):
        history = model.fit(images, labels, initial_epoch=epoch, epochs=epoch + 1,
                            batch_size=batch_size, verbose=0)
        for name, values in history.history.items():
            gathered.setdefault(name, []).extend(values)
    history.history = gathered
    history.epoch = list(range(epochs))
    return history
