"""Gallery, ex5_5: the size of each gap, its sign dropped."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_generalization_gap_uses_the_final_epoch"],
    "message": "without its sign",
}


def evaluate(model, images, labels):
    loss, accuracy = model.evaluate(images, labels, verbose=0)
    return float(loss), float(accuracy)


def generalization_gap(history, test_loss, test_accuracy):
    final_loss = history.history["loss"][-1]
    final_accuracy = history.history["accuracy"][-1]
    return {"loss": abs(float(test_loss - final_loss)),
            "accuracy": abs(float(final_accuracy - test_accuracy))}
