"""Gallery, ex5_6 (issue 23, family 2): train_with_validation calls fit twice and
returns the second History: the model trained for twice the epochs it describes."""

GALLERY = {
    "verdict": "rejected",
    "tests": [
        "test_train_with_validation_records_test_metrics_every_epoch",
        "test_train_with_validation_defaults_to_10_epochs_of_batch_128",
        "test_plots_of_a_real_training_run",
    ],
    "message": "fit called 2 times",
}

import matplotlib.pyplot as plt


def train_with_validation(model, train_images, train_labels, test_images, test_labels,
                          epochs=10, batch_size=128):
    model.fit(train_images, train_labels, epochs=epochs, batch_size=batch_size, verbose=0)
    return model.fit(train_images, train_labels, epochs=epochs, batch_size=batch_size,
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
