"""Gallery, ex5_5: the gap taken from the mean over all epochs."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_generalization_gap_uses_the_final_epoch"],
    "message": "mean over all epochs",
}

def evaluate(model, images, labels):
    loss, accuracy = model.evaluate(images, labels, verbose=0)
    return float(loss), float(accuracy)


def generalization_gap(history, test_loss, test_accuracy):
    final_loss = sum(history.history["loss"]) / len(history.history["loss"])
    final_accuracy = sum(history.history["accuracy"]) / len(history.history["accuracy"])
    return {"loss": float(test_loss - final_loss),
            "accuracy": float(final_accuracy - test_accuracy)}
