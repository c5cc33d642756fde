"""Gallery, ex5_5: the loss gap computed from the accuracies (a copy-paste slip)."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_generalization_gap_uses_the_final_epoch"],
    "message": "for training losses",
}

def evaluate(model, images, labels):
    loss, accuracy = model.evaluate(images, labels, verbose=0)
    return float(loss), float(accuracy)


def generalization_gap(history, test_loss, test_accuracy):
    final_accuracy = history.history["accuracy"][-1]
    return {"loss": float(test_accuracy - final_accuracy),
            "accuracy": float(final_accuracy - test_accuracy)}
