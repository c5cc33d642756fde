"""Gallery, ex5_6: train_with_validation fits a copy of the model ('so as not to spoil
the caller's') and returns the copy's History: the model the caller holds never trains,
and the History describes another model."""

GALLERY = {
    "verdict": "rejected",
    "tests": [
        "test_train_with_validation_records_test_metrics_every_epoch",
        "test_train_with_validation_defaults_to_10_epochs_of_batch_128",
        "test_plots_of_a_real_training_run",
    ],
    "message": "a model that was never fitted",
}

import keras
import matplotlib.pyplot as plt


def train_with_validation(model, train_images, train_labels, test_images, test_labels,
                          epochs=10, batch_size=128):
    copy = keras.models.clone_model(model)
    copy.set_weights(model.get_weights())
    copy.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return copy.fit(train_images, train_labels, epochs=epochs, batch_size=batch_size,
                    validation_data=(test_images, test_labels), verbose=0)


def _plot(history, metric, title):
    training = history.history[metric]
    test = history.history[f"val_{metric}"]
    epochs = range(1, len(training) + 1)
    figure, axes = plt.subplots()
    axes.plot(epochs, training, label=f"training {metric}")
    axes.plot(epochs, test, color="red", label=f"test {metric}")
    axes.set_title(title)
    axes.set_xlabel("Epoch")
    axes.set_ylabel(metric.capitalize())
    axes.legend()
    return figure


def plot_loss(history):
    return _plot(history, "loss", "Loss vs. epoch")


def plot_accuracy(history):
    return _plot(history, "accuracy", "Accuracy vs. epoch")
