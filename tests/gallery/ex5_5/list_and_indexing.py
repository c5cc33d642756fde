"""Gallery, ex5_5: correct: evaluate hands back Keras's list; the gap indexes from the end."""

GALLERY = {
    "verdict": "accepted",
    "tests": [],
    "message": "",
}

def evaluate(model, images, labels):
    return [float(value) for value in model.evaluate(images, labels, verbose=0)]


def generalization_gap(history, test_loss, test_accuracy):
    final_loss = history.history["loss"][-1]
    final_accuracy = history.history["accuracy"][-1]
    return {"loss": float(test_loss - final_loss),
            "accuracy": float(final_accuracy - test_accuracy)}
