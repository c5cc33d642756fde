"""Gallery, ex5_4: correct: add() calls, input_shape, separate Activation layers, an RMSprop instance, a loss object and CategoricalAccuracy."""

GALLERY = {
    "verdict": "accepted",
    "tests": [],
    "message": "",
}

import keras


def build_model():
    model = keras.Sequential(name="nn")
    model.add(keras.layers.Dense(28 * 28, input_shape=(28 * 28,)))
    model.add(keras.layers.Activation("relu"))
    model.add(keras.layers.Dense(512, activation=keras.activations.relu))
    model.add(keras.layers.Dense(10))
    model.add(keras.layers.Softmax())
    model.compile(optimizer=keras.optimizers.RMSprop(),
                  loss=keras.losses.CategoricalCrossentropy(),
                  metrics=[keras.metrics.CategoricalAccuracy()])
    return model


def train(model, images, labels, epochs=5, batch_size=128):
    return model.fit(images, labels, epochs=epochs, batch_size=batch_size, verbose=0)
